def url_kwargs(world):
    return {
        "records:package": {"pk": world["dialogue"].pk},
        "records:dispose": {"pk": world["dialogue"].pk},
    }
