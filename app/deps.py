"""Typed FastAPI dependencies: the settings and the service the app was created with.

Imports the service and settings types only; routes declare these instead of reaching into app.state.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.service import Service
from app.settings import Settings


# async: FastAPI runs a plain `def` dependency in a thread, one hop per request for nothing.
async def get_service(request: Request) -> Service:
    service = request.app.state.service
    if not isinstance(service, Service):
        raise RuntimeError("the app's service is not running")  # only before startup: a wiring bug
    return service


async def get_settings(request: Request) -> Settings:
    settings = request.app.state.settings
    if not isinstance(settings, Settings):
        raise RuntimeError("the app has no settings")
    return settings


ServiceDep = Annotated[Service, Depends(get_service)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
