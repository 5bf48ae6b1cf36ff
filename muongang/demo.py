"""Shared by the apps' demo loaders (``load_demo``)."""


def save_if_changed(instance, values):
    """Set ``values`` and save only when something differs, so that a second run of the demo changes nothing."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    if changed or instance.pk is None:
        instance.save()
    return instance
