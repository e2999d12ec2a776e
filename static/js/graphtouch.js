// Pinch zoom on the graph: two fingers zoom it about their midpoint. One finger is left to the browser, which
// scrolls the page (the viewport's touch-action is pan-x pan-y), so a swipe over the graph never traps the reader.

function spread(touches) {
  const [a, b] = touches;
  return {
    distance: Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY),
    x: (a.clientX + b.clientX) / 2,
    y: (a.clientY + b.clientY) / 2,
  };
}

// zoom(factor, clientX, clientY): factor > 1 shows more of the graph (zooms out), as graph.js's zoom does.
export function attachPinch(viewport, zoom) {
  let last = null;
  viewport.addEventListener(
    "touchstart",
    (event) => {
      last = event.touches.length === 2 ? spread(event.touches) : null;
    },
    { passive: true },
  );
  viewport.addEventListener(
    "touchmove",
    (event) => {
      if (event.touches.length !== 2 || !last) return;
      event.preventDefault();
      const now = spread(event.touches);
      if (now.distance > 0 && last.distance > 0) zoom(last.distance / now.distance, now.x, now.y);
      last = now;
    },
    { passive: false },
  );
  const end = (event) => {
    last = event.touches.length === 2 ? spread(event.touches) : null;
  };
  viewport.addEventListener("touchend", end);
  viewport.addEventListener("touchcancel", end);
}
