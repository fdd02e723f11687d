// Added to a copy of a chart page by tests/charts/render.sh. Once plotly.js has drawn the chart, it measures what a
// reader sees and writes the verdict into <body data-layout="...">, which headless Chromium's --dump-dom prints:
// "ok", or the problems separated by "; ". A problem is a plot area under half the figure's height (the chart is
// mostly margin and labels), text drawn over other text, or text cut off at the figure's edge.
window.addEventListener('load', () => setTimeout(() => {
  const problems = [];
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const full = gd._fullLayout;
    if (full._size.h < full.height / 2) problems.push(`plot area ${Math.round(full._size.h)} of ${full.height} px high`);
    const figure = gd.getBoundingClientRect();
    const texts = [];
    const add = (selector, kind) => gd.querySelectorAll(selector).forEach(t => {
      const box = t.getBoundingClientRect();
      if (t.textContent.trim() && box.width > 0)
        texts.push({ kind, text: t.textContent.trim(), box, tilted: /rotate\((?!0)/.test(t.getAttribute('transform') || '') });
    });
    add('.gtitle', 'title'); add('.g-xtitle text', 'x axis title'); add('.g-ytitle text', 'y axis title');
    add('.xtick text', 'x tick'); add('.ytick text', 'y tick'); add('.legendtext', 'legend');
    for (const t of texts) {
      const b = t.box;
      if (b.left < figure.left - 1 || b.top < figure.top - 1 || b.right > figure.right + 1 || b.bottom > figure.bottom + 1)
        problems.push(`${t.kind} "${t.text}" cut at the figure's edge`);
    }
    // A tilted label's box is the rectangle around slanted text, wider and taller than its glyphs: beside another tick
    // label (its neighbours, the other axis's first tick) the boxes overlap while the glyphs do not, so such pairs are
    // not compared; against titles and the legend they are.
    const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    const tick = t => t.kind.endsWith('tick');
    texts.forEach((a, i) => texts.slice(i + 1).forEach(b => {
      if ((a.tilted || b.tilted) && tick(a) && tick(b)) return;
      if (overlap(a.box, b.box)) problems.push(`${a.kind} "${a.text}" over ${b.kind} "${b.text}"`);
    }));
  }
  if (document.querySelectorAll('.js-plotly-plot').length === 0) problems.push('no chart drawn');
  document.body.setAttribute('data-layout', problems.length ? problems.join('; ') : 'ok');
}, 1500));
