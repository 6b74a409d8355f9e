from django.urls import path

from .views import directives, tasks

app_name = "remediation"

urlpatterns = [
    path("visits/<int:pk>/directives/", directives.visit_directives, name="visit_directives"),
    path("visits/<int:pk>/hand-over/", directives.directives_hand_over, name="directives_hand_over"),
    path("directives/", directives.directive_list, name="directive_list"),
    path("directives/<int:pk>/edit/", directives.directive_edit, name="directive_edit"),
    path("directives/<int:pk>/delete/", directives.directive_delete, name="directive_delete"),
    path("directives/<int:pk>/extend/", directives.directive_extend, name="directive_extend"),
    path("tasks/", tasks.task_list, name="task_list"),
    path("tasks/accept/", tasks.tasks_bulk_accept, name="tasks_bulk_accept"),
    path("tasks/on-time/", tasks.task_on_time, name="task_on_time"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task_detail"),
    path("tasks/<int:pk>/report/", tasks.task_report, name="task_report"),
    path("tasks/<int:pk>/accept/", tasks.task_accept, name="task_accept"),
    path("tasks/<int:pk>/return/", tasks.task_return, name="task_return"),
    path("tasks/<int:pk>/comment/", tasks.task_comment, name="task_comment"),
    path("tasks/<int:pk>/delegate/", tasks.task_delegate, name="task_delegate"),
    path("task-evidence/<int:pk>/", tasks.task_evidence_download, name="task_evidence_download"),
]
