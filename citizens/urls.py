from django.urls import path

from citizens import views

app_name = "citizens"

urlpatterns = [
    path("lien-he/", views.contact, name="contact"),
    path("en/contact/", views.contact_en, name="contact-en"),
    path("tiep-cong-dan/", views.reception, name="reception"),
    path("tiep-cong-dan/noi-quy/", views.reception_rules, name="reception-rules"),
    path("tiep-cong-dan/lich.ics", views.reception_ics, name="reception-ics"),
    path("lich-cong-tac/", views.work_calendar, name="work-calendar"),
    path("lich-cong-tac/lich.ics", views.work_calendar_ics, name="work-calendar-ics"),
    path("phan-anh-kien-nghi/", views.feedback, name="feedback"),
    path("phan-anh-kien-nghi/da-gui/", views.feedback_sent, name="feedback-sent"),
    path("phan-anh-kien-nghi/tra-cuu/", views.feedback_lookup, name="feedback-lookup"),
    path("hoi-dap/", views.question_list, name="questions"),
    path("hoi-dap/<int:pk>/", views.question_detail, name="question"),
    path("danh-gia-trang/", views.usefulness, name="usefulness"),
]
