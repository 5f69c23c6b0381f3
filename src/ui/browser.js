// The page's half of the UI: every browser call the wasm makes, and the listeners that report what the
// user did. Only strings and bytes cross; no DOM object reaches the wasm. Each function here turns a
// browser failure (no storage in private mode, a refused clipboard) into a value, never an exception.
// Written by hand rather than through web-sys: those bindings and their async runtime cost about
// 11 KB gzip more than this file.

let root;
let send = () => {};

// Mounts the app's root and reports events to `handler(kind, a, b)`:
//   act <data-a> <data-v>      a button was pressed
//   field <data-f> <value>     an input or select changed
//   key <key>                  an arrow key on a tab of the preview
//   drag over|leave            a file is dragged over the drop zone, or left it
//   file <name> <text>         a picked or dropped file was read (file-unreadable <name> if not)
export function mount(handler) {
  send = handler;
  root = document.createElement('div');
  root.id = 'app';
  document.body.appendChild(root);
  root.addEventListener('click', (e) => {
    const button = e.target.closest && e.target.closest('[data-a]');
    if (button) send('act', button.dataset.a, button.dataset.v || '');
  });
  const edit = (e) => {
    const t = e.target;
    if (t.id === 'import-file') {
      if (e.type === 'change') {
        if (t.files && t.files[0]) readFile(t.files[0]);
        // So the same file can be imported again once fixed.
        t.value = '';
      }
    } else if (t.dataset && t.dataset.f !== undefined && (t.tagName === 'INPUT' || t.tagName === 'SELECT')) {
      send('field', t.dataset.f, t.type === 'checkbox' ? String(t.checked) : t.value);
    }
  };
  root.addEventListener('input', edit);
  root.addEventListener('change', edit);
  root.addEventListener('keydown', (e) => {
    if (e.target.getAttribute && e.target.getAttribute('role') === 'tab' && /^Arrow(Right|Down|Left|Up)$/.test(e.key)) {
      e.preventDefault();
      send('key', e.key, '');
    }
  });
  const drag = (e) => {
    if (!(e.target.closest && e.target.closest('.dropzone'))) return;
    e.preventDefault();
    send('drag', e.type === 'dragover' ? 'over' : 'leave', '');
    const file = e.type === 'drop' && e.dataTransfer && e.dataTransfer.files[0];
    if (file) readFile(file);
  };
  for (const type of ['dragover', 'dragleave', 'drop']) root.addEventListener(type, drag);
}

function readFile(file) {
  file.text().then((text) => send('file', file.name, text), () => send('file-unreadable', file.name, ''));
}

// GETs a same-origin file; reports `fetched <url> <text>` or `fetch-failed <url> <HTTP status, or
// empty when no answer came>`.
export function fetchText(url) {
  fetch(url)
    .then((r) => (r.ok ? r.text() : Promise.reject(String(r.status))))
    .then((text) => send('fetched', url, text), (status) => send('fetch-failed', url, typeof status === 'string' ? status : ''));
}

// Reports `copied <what>` or `copy-failed <what>`.
export function copyText(text, what) {
  Promise.resolve()
    .then(() => navigator.clipboard.writeText(text))
    .then(() => send('copied', what, ''), () => send('copy-failed', what, ''));
}

// Saves bytes as a file through a temporary object URL; false if the browser refused.
export function download(name, bytes, mime) {
  try {
    const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    URL.revokeObjectURL(url);
    return true;
  } catch {
    return false;
  }
}

export function storageGet(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

// False when the browser refused (quota, privacy mode).
export function storageSet(key, value) {
  try {
    localStorage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

export function locationHash() {
  return location.hash;
}

// Drops the fragment without a reload or a new history entry, so reloading does not ask again.
export function clearLocationHash() {
  try {
    history.replaceState(null, '', location.pathname + location.search);
  } catch {}
}

// The page's address without the fragment, to build share links on.
export function pageUrl() {
  return location.origin + location.pathname + location.search;
}

export function focusElement(id) {
  const element = document.getElementById(id);
  if (!(element instanceof HTMLElement)) return false;
  element.focus();
  element.scrollIntoView(false);
  return true;
}

// Opens the print dialog once the page has drawn what is to be printed.
export function printNextFrame() {
  requestAnimationFrame(() => print());
}

// scripts/bench measures cold load up to this mark.
export function markInteractive() {
  performance.mark('wizard-interactive');
}

export function logError(message) {
  console.error(message);
}

// Brings the live DOM in line with freshly rendered HTML, keeping every node that still fits: the
// focused field, its caret and selection, scroll positions and the screen reader's place survive a
// re-render. It runs here because a wasm walk would cross into JS for every node it reads.
export function patch(html) {
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
