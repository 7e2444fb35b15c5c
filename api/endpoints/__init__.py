"""The API's operations, one module per subject; `api.urls` mounts their routers."""
