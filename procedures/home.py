"""What the home page shows of the one-stop desk: wire ``context()`` into the home view and include
``procedures/includes/home_box.html`` in ``templates/home_main.html``."""

from procedures.stats import summary_stats


def context():
    return {"desk_stats": summary_stats()}
