// The checks a journey's tour runs in the page (see journeys.py): one function per
// section, each starting with a line '// === name'.

// === look
// What the page shows, ids and times left out: a page seen again unchanged is not
// checked again.
() => document.body.innerHTML.replace(/\d+/g, '0').replace(/value="[^"]*"/g, '')

// === settle
() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))

// === scroll_width
() => {
  const root = document.documentElement;
  const over = (e) => e.getBoundingClientRect().right > root.clientWidth + 0.5;
  // Inside a box that scrolls or clips on its own, width does not reach the page. An
  // absolutely positioned element escapes every such box up to its containing block
  // (its nearest positioned ancestor): a table's scroll box that is not positioned does
  // not hold a visually hidden text in a header cell.
  const escapes = (s) => s.position === 'absolute' || s.position === 'fixed';
  const clipped = (e) => {
    let free = escapes(getComputedStyle(e));
    for (let n = e.parentElement; n && n !== document.body; n = n.parentElement) {
      const s = getComputedStyle(n);
      const containing = !free || s.position !== 'static';
      if (containing && s.overflowX !== 'visible') return true;
      if (containing) free = escapes(s);
    }
    return false;
  };
  // The deepest elements that stick out and are not inside a box of their own that
  // scrolls or clips: where the overflow comes from.
  const sticking = [...document.querySelectorAll('body *')].filter(e => over(e) && !clipped(e));
  let wide = sticking.filter(e => !sticking.some(d => d !== e && e.contains(d)));
  wide = wide.slice(0, 5)
    .map(e => `${Math.round(e.getBoundingClientRect().right)}px ` + e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
              + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ').join('.') : ''));
  return {scroll: root.scrollWidth, client: root.clientWidth, wide};
}

// === choices
// Radios and checkboxes: real inputs, shaped like one, with the label text beside them.
(radioFields) => {
  const found = [];
  const describe = (e) => e.tagName.toLowerCase() + (e.name ? `[name=${e.name}]` : '')
      + (e.id ? '#' + e.id : '');
  for (const e of document.querySelectorAll(
      '[role=radio],[role=checkbox],[role=switch],[role=menuitemradio],[role=menuitemcheckbox]')) {
    if (e.tagName !== 'INPUT') found.push(`${describe(e)} has role=${e.getAttribute('role')} but is no input`);
  }
  for (const name of radioFields) {
    const controls = [...document.querySelectorAll(`form [name="${name}"]`)];
    if (!controls.length) continue;  // not on the page now (the form is done)
    const notRadio = controls.filter(e => !(e.tagName === 'INPUT' && e.type === 'radio'));
    if (notRadio.length) found.push(`choice field ${name} renders as ${describe(notRadio[0])}`
                                    + `[type=${notRadio[0].type}], not as radio buttons`);
    else if (controls.length < 2) found.push(`choice field ${name} has one radio button`);
  }
  const groups = new Set([...document.querySelectorAll('input[type=radio]')].map(e => e.name));
  for (const name of groups) {
    const first = document.querySelector(`input[type=radio][name="${name}"]`);
    const fieldset = first.closest('fieldset');
    const group = first.closest('[role=radiogroup]');
    const legend = fieldset && fieldset.querySelector('legend');
    if (!(legend && legend.textContent.trim())
        && !(group && (group.getAttribute('aria-labelledby') || group.getAttribute('aria-label'))))
      found.push(`the radio buttons ${name} are not a named group (fieldset with legend)`);
  }
  for (const e of document.querySelectorAll('input[type=radio], input[type=checkbox]')) {
    const r = e.getBoundingClientRect();
    const style = getComputedStyle(e);
    if (!e.getClientRects().length || style.visibility === 'hidden' || style.opacity === '0') continue;
    const kind = e.type === 'radio' ? 'radio button' : 'checkbox';
    if (r.width < 12 || r.height < 12 || r.width > 32 || r.height > 32 || Math.abs(r.width - r.height) > 3) {
      found.push(`${kind} ${describe(e)} is drawn ${Math.round(r.width)}x${Math.round(r.height)} px, `
                 + 'not as a small square or circle (a text box?)');
      continue;
    }
    const label = e.labels && e.labels[0];
    if (!label) { found.push(`${kind} ${describe(e)} has no label`); continue; }
    const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    let text = null, node;
    while ((node = walker.nextNode())) {
      if (!node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rects = range.getClientRects();
      if (rects.length) { text = rects[0]; break; }
    }
    if (!text) continue;
    const middle = r.top + r.height / 2;
    if (middle < text.top - 4 || middle > text.bottom + 4)
      found.push(`the label "${label.textContent.trim().slice(0, 40)}" is not beside its ${kind} `
                 + `${describe(e)} (control at y=${Math.round(middle)}, text at ${Math.round(text.top)}-${Math.round(text.bottom)})`);
  }
  return found;
}

// === aria_refs
// ARIA references: every id an aria-* attribute names exists in the page.
(selector) => {
  const attrs = ['aria-describedby', 'aria-labelledby', 'aria-controls', 'aria-owns',
                 'aria-errormessage', 'aria-details', 'aria-flowto', 'aria-activedescendant'];
  const scope = selector ? [document.querySelector(selector)].filter(Boolean)
      : [...document.querySelectorAll(attrs.map(a => `[${a}]`).join(','))];
  const found = [];
  for (const e of scope) for (const a of attrs) {
    const value = e.getAttribute(a);
    if (!value) continue;
    const missing = value.split(/\s+/).filter(id => id && !document.getElementById(id));
    if (missing.length) found.push(`${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} ${a} names `
                                   + `missing id(s): ${missing.join(' ')}`);
  }
  return found;
}

// === contrast
// Contrast of one element's text against what is behind it, computed here for the nodes
// axe could not decide (backgrounds it cannot see through, pseudo-elements, overlaps).
(selector) => {
  const e = document.querySelector(selector);
  if (!e) return null;
  const parse = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, below) => { const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + below[i] * (1 - a)).concat([1]); };
  const lum = (c) => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  // The backgrounds from the element up to the first opaque one; gradients and images
  // count with each colour they name (the worst one decides).
  const layers = [];
  let candidates = null;
  for (let n = e; n; n = n.parentElement) {
    const s = getComputedStyle(n);
    if (s.backgroundImage && s.backgroundImage !== 'none') {
      const stops = (s.backgroundImage.match(/rgba?\([^)]+\)/g) || []).map(parse);
      if (stops.length) { candidates = stops; break; }
    }
    const bg = parse(s.backgroundColor);
    if (bg && bg[3] > 0) { layers.push(bg); if (bg[3] >= 1) break; }
  }
  const rev = layers.slice().reverse();
  const bases = candidates ? candidates.map(c => c[3] < 1 ? over(c, [255, 255, 255, 1]) : c)
                         : [[255, 255, 255, 1]];
  const backs = bases.map(base => rev.reduce((acc, l) => over(l, acc), base));
  const s = getComputedStyle(e);
  const fg = parse(s.color);
  const ratios = backs.map(b => { const f = fg[3] < 1 ? over(fg, b) : fg;
    const [l1, l2] = [lum(f), lum(b)].sort((x, y) => y - x); return (l1 + 0.05) / (l2 + 0.05); });
  const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
  const large = size >= 24 || (bold && size >= 18.66);
  return {ratio: Math.min(...ratios), needed: large ? 3 : 4.5, text: e.textContent.trim().slice(0, 40)};
}

// === focus_ring
// The focus indicator of the element that has keyboard focus in the header: an outline
// of at least 2 px with 3:1 contrast against the header behind it, or a fill of 3:1
// (WCAG 2.4.7, 1.4.11).
() => {
  const e = document.activeElement;
  if (!e || !e.closest('header')) return null;
  const parse = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const lum = (c) => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  let behind = [255, 255, 255, 1];
  for (let n = e.parentElement; n; n = n.parentElement) {
    const bg = parse(getComputedStyle(n).backgroundColor);
    if (bg && bg[3] >= 1) { behind = bg; break; }
  }
  const s = getComputedStyle(e);
  const ring = parse(s.outlineColor) || [0, 0, 0, 0];
  const contrast = (a, b) => { const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05); };
  // A focused element that fills itself with a colour that stands out counts too.
  const fill = parse(s.backgroundColor);
  return {what: `${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 30)}"`,
          style: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0,
          ratio: ring[3] === 0 ? 1 : contrast(ring, behind),
          fill: fill && fill[3] >= 1 ? contrast(fill, behind) : 1};
}
