// A small Python highlighter for the editor: one pass of one regular expression over the text, giving spans for
// comments, strings, numbers, keywords, builtins, names being defined and decorators. Builds DOM nodes (never
// HTML text), so a program can never inject markup.

const TOKEN = new RegExp(
  [
    /(#[^\n]*)/.source, // 1 comment
    // 2 string: an optional prefix, then triple-quoted (to its end, or the text's) or one-line (to its end)
    /((?:\b[rRbBuUfF]{1,2})?(?:"""[\s\S]*?(?:"""|$(?![\s\S]))|'''[\s\S]*?(?:'''|$(?![\s\S]))|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?))/
      .source,
    /(\b\d[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?j?\b|\.\d+(?:[eE][+-]?\d+)?\b)/.source, // 3 number
    /(@[A-Za-z_][\w.]*)/.source, // 4 decorator
    /([A-Za-z_][A-Za-z0-9_]*)/.source, // 5 name
  ].join("|"),
  "g",
);

const KEYWORDS = new Set(
  (
    "and as assert async await break class continue def del elif else except finally for from global if import " +
    "in is lambda nonlocal not or pass raise return try while with yield match case"
  ).split(" "),
);
const CONSTANTS = new Set(["True", "False", "None"]);
const BUILTINS = new Set(
  (
    "abs all any bool dict enumerate filter float getattr hasattr int isinstance len list map max min print " +
    "range reversed round set sorted str sum tuple type zip super self"
  ).split(" "),
);
const NAMESPACES = new Set(["torch", "nn", "F", "optim", "math", "random"]);

function span(cls, text) {
  const node = document.createElement("span");
  node.className = cls;
  node.textContent = text;
  return node;
}

// The highlighted text as a fragment of text nodes and <span class="tok-…"> elements.
export function highlight(text) {
  const frag = document.createDocumentFragment();
  let at = 0;
  let defining = false; // the name after `def` or `class`
  for (const m of text.matchAll(TOKEN)) {
    if (m.index > at) frag.append(text.slice(at, m.index));
    at = m.index + m[0].length;
    if (m[1] !== undefined) frag.append(span("tok-comment", m[0]));
    else if (m[2] !== undefined) frag.append(span("tok-string", m[0]));
    else if (m[3] !== undefined) frag.append(span("tok-number", m[0]));
    else if (m[4] !== undefined) frag.append(span("tok-decorator", m[0]));
    else {
      const name = m[0];
      let cls = null;
      if (defining) cls = "tok-def";
      else if (KEYWORDS.has(name)) cls = "tok-keyword";
      else if (CONSTANTS.has(name)) cls = "tok-constant";
      else if (BUILTINS.has(name)) cls = "tok-builtin";
      else if (NAMESPACES.has(name)) cls = "tok-namespace";
      frag.append(cls ? span(cls, name) : name);
      defining = name === "def" || name === "class";
      continue;
    }
    defining = false;
  }
  if (at < text.length) frag.append(text.slice(at));
  return frag;
}
