from ninja import NinjaAPI

api = NinjaAPI(title="Trellis API", version="1", urls_namespace="api")
