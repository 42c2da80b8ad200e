def demo_banner(request):
    return {}
