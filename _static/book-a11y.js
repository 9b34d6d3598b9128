/* Keyboard access to the scroll boxes the theme does not handle (issue 13).
   A display equation wider than the text column scrolls inside MathJax's
   <mjx-container> (the theme's stylesheet sets overflow:auto on it); while it
   overflows, it gets tabindex="0" so that a keyboard can reach and scroll it,
   as the theme does for code blocks and tables. Run once MathJax has typeset
   the page and again whenever the window is resized. */
(function () {
  "use strict";
  function update() {
    document.querySelectorAll('mjx-container[display="true"]').forEach(function (el) {
      if (el.scrollWidth > el.clientWidth + 1) {
        el.tabIndex = 0;
      } else if (el.hasAttribute("tabindex")) {
        el.removeAttribute("tabindex");
      }
    });
  }
  var timer = null;
  function later() { clearTimeout(timer); timer = setTimeout(update, 200); }
  window.addEventListener("resize", later);
  window.addEventListener("load", function () {
    update();
    var mj = window.MathJax;
    if (mj && mj.startup && mj.startup.promise) { mj.startup.promise.then(update); }
  });
})();
