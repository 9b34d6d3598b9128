/* Charts that fit a narrow screen (issue 13), for the web edition only.

   Every chart is stored as a Vega-Lite spec drawn for the desktop text column
   (and, from the same spec, for print by _ext/book_charts.py). The call that
   draws it (written by analysis/charts.py, rewritten by _ext/book_web.py) goes
   through window.bookEmbed, which draws the stored spec unchanged where it fits
   its column. Where the column is narrower than the chart (a phone), a copy of
   the spec is adapted before drawing:

   - a single or layered chart takes the column's width (width "container",
     autosize "fit-x": axes, legend and plot together fit the column, and Vega
     redraws it when the column's width changes);
   - charts side by side (hconcat) are stacked (vconcat), and small multiples
     (facets) wrap into as many columns as fit, one on a phone;
   - each panel of stacked charts or small multiples gets the column's width,
     less the room its axes need, measured on a first drawing;
   - legends move below the plot, one entry a line, and axis labels that would
     overlap are thinned.

   When the column's width changes (a phone turned, a window resized), the
   charts are drawn again the same way.

   A chart that cannot fit even so (a specification curve whose choice labels
   alone take most of a phone's width) is drawn as stored, inside its scroll
   box, a focusable, labelled region (_ext/book_web.py). Only this file is loaded on pages with a
   chart (like the Vega bundle). */
(function () {
  "use strict";
  var MIN_PANEL = 120;    // narrowest panel worth drawing (px)
  var GAP = 16;           // room between wrapped small multiples (px)

  function copy(x) { return JSON.parse(JSON.stringify(x)); }

  function legendBelow(legend) {
    legend.orient = "bottom";
    legend.direction = "vertical";
    legend.titleOrient = "top";
    delete legend.columns;
    delete legend.legendX;
    delete legend.legendY;
  }

  /* Every legend of the spec (encodings and config) below its plot. */
  function legendsBelow(node) {
    if (Array.isArray(node)) { node.forEach(legendsBelow); return; }
    if (!node || typeof node !== "object") { return; }
    Object.keys(node).forEach(function (k) {
      if (k === "datasets" || k === "data") { return; }
      if (k === "legend" && node[k] && typeof node[k] === "object") { legendBelow(node[k]); }
      else { legendsBelow(node[k]); }
    });
  }

  function isSingle(spec) {
    return !spec.hconcat && !spec.vconcat && !spec.concat && !spec.facet && !spec.repeat;
  }

  /* The panels whose width is set in pixels (their objects, to be resized). */
  function panels(spec) {
    if (spec.hconcat || spec.vconcat || spec.concat) {
      return (spec.hconcat || spec.vconcat || spec.concat).filter(function (p) {
        return typeof p.width === "number";
      });
    }
    if ((spec.facet || spec.repeat) && spec.spec && typeof spec.spec.width === "number") { return [spec.spec]; }
    return [];
  }

  /* The spec adapted to a column of `room` pixels, panels `panelWidth` wide. */
  function adapt(stored, room, panelWidth) {
    var spec = copy(stored);
    legendsBelow(spec);
    spec.config = spec.config || {};
    spec.config.legend = spec.config.legend || {};
    legendBelow(spec.config.legend);
    spec.config.axis = spec.config.axis || {};
    if (spec.config.axis.labelOverlap === undefined) { spec.config.axis.labelOverlap = true; }
    if (isSingle(spec)) {
      spec.width = "container";
      spec.autosize = {type: "fit-x", contains: "padding"};
      return spec;
    }
    if (spec.hconcat) { spec.vconcat = spec.hconcat; delete spec.hconcat; }
    if (spec.facet && spec.facet.column && !spec.facet.row) {
      spec.facet = spec.facet.column;   // a row of panels becomes a wrapped facet
    }
    var ps = panels(spec);
    if (spec.facet && !spec.facet.row && ps.length) {
      var natural = ps[0].width;
      spec.columns = Math.max(1, Math.floor((room + GAP) / (natural + GAP + 60)));
      if (spec.columns === 1) { ps[0].width = panelWidth; }
      return spec;
    }
    ps.forEach(function (p) { p.width = panelWidth; });
    return spec;
  }

  function svgWidth(el) {
    var svg = el.querySelector("svg");
    return svg ? svg.getBoundingClientRect().width : 0;
  }

  function fit(target, stored, opts) {
    var el = document.querySelector(target);
    var room = el ? el.parentElement.getBoundingClientRect().width : 0;
    var embed = window.vegaEmbed;
    if (!el || !room) { return embed(target, stored, opts); }
    return embed(target, stored, opts).then(function (res) {
      var natural = svgWidth(el);
      if (natural <= room + 1) { return res; }          // it fits: leave it as stored
      res.finalize();
      var guess = Math.max(MIN_PANEL, Math.floor(room) - 80);
      return embed(target, adapt(stored, room, guess), opts).then(function (res2) {
        var over = svgWidth(el) - room;
        if (over <= 1 || isSingle(stored)) { return res2; }
        res2.finalize();
        var width = Math.floor(guess - over - 2);
        if (width < MIN_PANEL) { return embed(target, stored, opts); }   // cannot fit: scroll the stored chart
        return embed(target, adapt(stored, room, width), opts).then(function (res3) {
          if (svgWidth(el) <= room + 1) { return res3; }
          res3.finalize();
          return embed(target, stored, opts);
        });
      });
    });
  }

  /* The charts drawn so far, to draw again when their column changes width
     (a phone turned, a window resized): target, stored spec, options, the
     column's width when drawn, the current view. */
  var drawn = [];

  function hide(res) {
    var svg = res.view.container().querySelector("svg");
    if (svg) { svg.setAttribute("aria-hidden", "true"); }
    return res;
  }

  function bookEmbed(target, stored, opts) {
    var el = document.querySelector(target);
    var entry = {target: target, stored: stored, opts: opts, view: null,
                 room: el ? el.parentElement.getBoundingClientRect().width : 0};
    drawn.push(entry);
    return fit(target, stored, opts).then(function (res) { entry.view = res.view; return hide(res); });
  }

  function redraw() {
    drawn.forEach(function (entry) {
      var el = document.querySelector(entry.target);
      var room = el ? el.parentElement.getBoundingClientRect().width : 0;
      if (!room || Math.abs(room - entry.room) < 24) { return; }
      entry.room = room;
      if (entry.view) { entry.view.finalize(); }
      fit(entry.target, entry.stored, entry.opts).then(function (res) { entry.view = res.view; hide(res); });
    });
  }

  var timer = null;
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(redraw, 250); });

  window.bookEmbed = bookEmbed;
})();
