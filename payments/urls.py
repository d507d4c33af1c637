from django.urls import path

from lms_site import converters  # noqa: F401  (registers <id:...>)

from . import api, views

app_name = "payments"
urlpatterns = [
    path("payments/checkout/course/<id:course_id>/", views.checkout_course, name="checkout-course"),
    path("payments/checkout/plan/<id:plan_id>/", views.checkout_plan, name="checkout-plan"),
    path("subscriptions/", views.plans, name="plans"),
    path("subscriptions/join/<id:course_id>/", views.join_course, name="join-course"),
    path("subscriptions/<id:subscription_id>/cancel/", views.cancel_subscription, name="cancel-subscription"),
    path("payments/return/<str:reference>/", views.checkout_return, name="return"),
    path("payments/cancel/<str:reference>/", views.checkout_cancel, name="cancel"),
    path("payments/test-gateway/<str:reference>/", views.test_gateway, name="test-gateway"),
    path("payments/history/", views.history, name="history"),
    path("payments/earnings/", views.earnings, name="earnings"),
    path("payments/invoices/<str:number>.pdf", views.invoice_pdf, name="invoice-pdf"),
    path("api/payments/webhook/<slug:gateway>/", api.WebhookView.as_view(), name="webhook"),
    path("api/payments/initiate/", api.InitiateView.as_view(), name="api-initiate"),
    path("api/payments/history/", api.HistoryView.as_view(), name="api-history"),
    path("api/instructor/earnings/", api.EarningsView.as_view(), name="api-earnings"),
    path("api/instructor/bank-details/", api.BankDetailsView.as_view(), name="api-bank-details"),
    path("api/instructor/payouts/request/", api.PayoutRequestView.as_view(), name="api-payout-request"),
    path("api/admin/payouts/pending/", api.PendingPayoutsView.as_view(), name="api-payouts-pending"),
    path("api/admin/payouts/<id:pk>/approve/", api.ApproveView.as_view(), name="api-payout-approve"),
    path("api/admin/payouts/<id:pk>/reject/", api.RejectView.as_view(), name="api-payout-reject"),
    path("api/admin/payouts/<id:pk>/mark-paid/", api.MarkPaidView.as_view(), name="api-payout-mark-paid"),
]
