"""Pure ASGI middleware: a request-body size cap (413), content coding of text answers, and security headers on
every response.

Works on raw ASGI messages and never buffers a request body. Its one answer of its own, the 413, is the envelope
app.errors_http sends for every error; imports nothing else of the app but the codings (app.compression).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from app.compression import IDENTITY, MIN_BYTES, StreamEncoder, compressible, encode, negotiate
from app.errors_http import ApiError, send_error

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# No inline script anywhere: every script is a file under /static, data reaches it through attributes.
HTML_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# An SVG opened on its own is a document that could run script; this keeps it an inert picture.
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
COMMON_HEADERS = ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"))


class _BodyTooLarge(Exception):
    """Raised from receive() to stop the application reading a body past the cap."""


class BodySizeLimit:
    """Answers 413 when a request body passes max_body_bytes, declared or counted as it streams."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            await self._refuse(send)  # refuse before reading a single byte
            return

        received = 0
        too_large = False
        app_started = False  # the application's response has reached the client
        refused = False  # our 413 has been sent

        async def limited_receive() -> Message:
            nonlocal received, too_large
            if too_large:
                raise _BodyTooLarge
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    too_large = True  # chunked bodies have no Content-Length: stop at the cap
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal app_started, refused
            if too_large and not app_started:
                # The app turned our exception into its own error (say a 400); answer 413 instead.
                if not refused:
                    refused = True
                    await self._refuse(send)
                return
            if message["type"] == "http.response.start":
                app_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except _BodyTooLarge:
            if not app_started and not refused:
                await self._refuse(send)
            elif app_started:
                raise

    async def _refuse(self, send: Send) -> None:
        message = f"the request body is larger than the {self.max_body_bytes} bytes allowed"
        # Close: the unread rest of the body must not be parsed as the next request.
        await send_error(send, ApiError("body_too_large", message), [(b"connection", b"close")])


class SecurityHeaders:
    """Adds nosniff and no-referrer to every response, and a Content-Security-Policy to HTML and SVG.

    A header the application set itself is left alone, so one route may knowingly differ.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                wanted = list(COMMON_HEADERS)
                media = _header(headers, b"content-type").split(";")[0].strip().lower()
                if media == "text/html":
                    wanted += [(b"content-security-policy", HTML_CSP.encode()), (b"x-frame-options", b"DENY")]
                elif media == "image/svg+xml":
                    wanted.append((b"content-security-policy", SVG_CSP.encode()))
                headers += [(name, value) for name, value in wanted if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


# A whole body this large is encoded in a thread, so the event loop keeps serving others meanwhile.
_ENCODE_IN_THREAD_BYTES = 64 * 1024
# No body to encode (204, 304), or a part of the identity bytes (206, whose Content-Range counts those).
_NOT_ENCODED = frozenset({204, 206, 304})


class Compression:
    """Encodes text answers (HTML, JSON, SVG, DOT, CSS, JS) of at least MIN_BYTES in the coding the client
    prefers (Accept-Encoding), and marks every text answer `Vary: Accept-Encoding`.

    An answer that comes already encoded (the API's, kept encoded by the service) passes untouched. A body sent
    in parts is encoded part by part, never held whole. An encoded answer's ETag is made weak: the strong tag
    names the identity bytes (nginx's gzip does the same).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        coding = negotiate(_header(list(scope.get("headers", [])), b"accept-encoding"))
        # HEAD answers have no body, and their Content-Length must stay the identity one GET would send.
        bodiless = scope.get("method") == "HEAD"
        held: Message | None = None  # the response start, held until the first part of the body is seen
        encoder: StreamEncoder | None = None

        async def encoding_send(message: Message) -> None:
            nonlocal held, encoder
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not compressible(_header(headers, b"content-type")):
                    await send(message)
                    return
                message = {**message, "headers": _vary_on_coding(headers)}
                if (
                    coding == IDENTITY
                    or bodiless
                    or message["status"] in _NOT_ENCODED
                    or _header(headers, b"content-encoding")
                    or _header(headers, b"content-range")
                ):
                    await send(message)
                else:
                    held = message
                return
            if message["type"] != "http.response.body" or (held is None and encoder is None):
                await send(message)
                return
            body, more = message.get("body", b""), message.get("more_body", False)
            if held is not None:
                start, held = held, None
                if not more:  # the whole body at once: encode it whole, when it is worth it
                    if len(body) >= MIN_BYTES:
                        body = await _encode_whole(body, coding)
                        start = {**start, "headers": _encoded_headers(start["headers"], coding, len(body))}
                    await send(start)
                    await send({**message, "body": body})
                    return
                encoder = StreamEncoder(coding)
                await send({**start, "headers": _encoded_headers(start["headers"], coding, None)})
            assert encoder is not None
            data = encoder.part(body) + (b"" if more else encoder.end())
            if data or not more:
                await send({"type": "http.response.body", "body": data, "more_body": more})

        await self.app(scope, receive, encoding_send)


async def _encode_whole(body: bytes, coding: str) -> bytes:
    if len(body) >= _ENCODE_IN_THREAD_BYTES:
        return await asyncio.to_thread(encode, body, coding)
    return encode(body, coding)


def _vary_on_coding(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The headers with Accept-Encoding named in Vary (once, whatever was there)."""
    vary = _header(headers, b"vary")
    named = {part.strip().lower() for part in vary.split(",")}
    if "accept-encoding" in named or "*" in named:
        return headers
    value = f"{vary}, Accept-Encoding" if vary.strip() else "Accept-Encoding"
    return [(k, v) for k, v in headers if k.lower() != b"vary"] + [(b"vary", value.encode("latin-1"))]


def _encoded_headers(headers: list[tuple[bytes, bytes]], coding: str, length: int | None) -> list[tuple[bytes, bytes]]:
    """Content-Encoding set, Content-Length the encoded one (dropped when streamed), the ETag weak."""
    kept = []
    for name, value in headers:
        lowered = name.lower()
        if lowered == b"content-length":
            continue
        if lowered == b"etag" and not value.startswith(b"W/"):
            value = b"W/" + value
        kept.append((name, value))
    kept.append((b"content-encoding", coding.encode("ascii")))
    if length is not None:
        kept.append((b"content-length", str(length).encode("ascii")))
    return kept


def install_middleware(app: Any, *, max_body_bytes: int) -> None:
    """Wrap `app` (FastAPI/Starlette): the header layer outermost, so the 413 answer gets headers too; encoding
    inside it, so the headers it adds are never counted in what it encodes."""
    app.add_middleware(BodySizeLimit, max_body_bytes=max_body_bytes)
    app.add_middleware(Compression)
    app.add_middleware(SecurityHeaders)


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


def _content_length(scope: Scope) -> int | None:
    value = _header(list(scope.get("headers", [])), b"content-length")
    try:
        return int(value) if value else None
    except ValueError:
        return None  # a malformed length is the server's to reject; the streaming count still applies
