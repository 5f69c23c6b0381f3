// Brings the live DOM under `root` in line with freshly rendered HTML, keeping every node that still
// fits: the focused field, its caret and selection, scroll positions and the screen reader's place
// survive a re-render. It runs in JS because a wasm walk would cross into JS for every node it reads.
export function patch(root, html) {
  const wanted = document.createElement('template');
  wanted.innerHTML = html;
  children(root, wanted.content);
}

function children(live, wanted) {
  let at = live.firstChild;
  for (let next = wanted.firstChild; next; ) {
    const following = next.nextSibling;
    if (!at) {
      live.appendChild(next);
    } else if (same(at, next)) {
      node(at, next);
      at = at.nextSibling;
    } else {
      const after = at.nextSibling;
      live.replaceChild(next, at);
      at = after;
    }
    next = following;
  }
  while (at) {
    const after = at.nextSibling;
    live.removeChild(at);
    at = after;
  }
}

// Same kind of node in the same place: elements must also agree on id and input type.
function same(a, b) {
  return a.nodeType === b.nodeType && a.nodeName === b.nodeName &&
    (a.nodeType !== 1 || (a.id === b.id && a.getAttribute('type') === b.getAttribute('type')));
}

function node(live, wanted) {
  if (live.nodeType !== 1) {
    if (live.nodeValue !== wanted.nodeValue) live.nodeValue = wanted.nodeValue;
    return;
  }
  for (const a of Array.from(live.attributes)) if (!wanted.hasAttribute(a.name)) live.removeAttribute(a.name);
  for (const a of Array.from(wanted.attributes)) if (live.getAttribute(a.name) !== a.value) live.setAttribute(a.name, a.value);
  // A select's value comes from its options; read it before they may move into the live list.
  const option = live.nodeName === 'SELECT' ? wanted.querySelector('option[selected]') : null;
  children(live, wanted);
  // Attributes only set the starting state; what a control shows is its property.
  if (live.nodeName === 'INPUT') {
    if (live.type === 'checkbox') live.checked = wanted.hasAttribute('checked');
    else if (live.type !== 'file') {
      const value = wanted.getAttribute('value') || '';
      if (live.value !== value) live.value = value;
    }
  } else if (option && live.value !== option.value) {
    live.value = option.value;
  }
}
