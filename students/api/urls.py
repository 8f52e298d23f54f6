from rest_framework.routers import SimpleRouter

from students.api.views import StudentViewSet

router = SimpleRouter()
router.register("students", StudentViewSet, basename="student")

urlpatterns = router.urls
