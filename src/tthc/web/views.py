from django.http import HttpRequest, HttpResponse


def ranking(request: HttpRequest) -> HttpResponse:
    return HttpResponse("tthc-scorecard")
