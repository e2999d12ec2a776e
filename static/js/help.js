// The first minute's help: a three-hint guide, shown until dismissed (remembered in localStorage), and the
// keyboard shortcut sheet that "?" opens. The elements are handed in; nothing else is touched.

const GUIDE_KEY = "agx-guide-dismissed";
const TYPING = new Set(["TEXTAREA", "INPUT", "SELECT"]);

// localStorage throws when storage is disabled (a privacy setting): the guide then simply shows each time.
function remembered(key) {
  try {
    return window.localStorage.getItem(key) === "1";
  } catch {
    return false;
  }
}

function remember(key) {
  try {
    window.localStorage.setItem(key, "1");
  } catch {
    // nothing to keep it in; the guide was still closed for this visit
  }
}

export function createGuide({ root, close }) {
  root.hidden = remembered(GUIDE_KEY);
  close.addEventListener("click", () => {
    root.hidden = true;
    remember(GUIDE_KEY);
  });
}

export function createShortcutSheet({ dialog, button }) {
  button.hidden = false;
  const open = () => {
    if (!dialog.open) dialog.showModal();
  };
  button.addEventListener("click", open);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "?" || event.ctrlKey || event.metaKey || event.altKey) return;
    const t = event.target;
    if (t && (TYPING.has(t.tagName) || t.isContentEditable)) return;
    event.preventDefault();
    open();
  });
  // A click on the backdrop (outside the sheet's box) closes it too.
  dialog.addEventListener("click", (event) => {
    if (event.target !== dialog) return;
    const r = dialog.getBoundingClientRect();
    const inside = event.clientX >= r.left && event.clientX <= r.right && event.clientY >= r.top && event.clientY <= r.bottom;
    if (!inside) dialog.close();
  });
}
