// Storywire's pages read without this script. It adds two things:
// live updates on the stories page (a count of the stories created or
// grown since the page was made, from the server's event stream) and
// keyboard shortcuts (j/k to move through a list, o to open, / to
// search, ? for the list of shortcuts).
(function () {
  "use strict";

  // Live updates: count stories created and grown, say so in the banner.
  function live() {
    if (document.body.dataset.live !== "stories" || !window.EventSource) {
      return;
    }
    var banner = document.getElementById("live");
    var text = document.getElementById("live-text");
    var link = document.getElementById("live-link");
    if (!banner || !text || !link) {
      return;
    }
    var created = new Set();
    var grown = new Set();
    var baseTitle = document.title;
    link.href = window.location.href;
    function plural(n, one, many) {
      return n + " " + (n === 1 ? one : many);
    }
    function show() {
      var parts = [];
      if (created.size > 0) {
        parts.push(plural(created.size, "new story", "new stories"));
      }
      if (grown.size > 0) {
        parts.push(plural(grown.size, "story", "stories") + " updated");
      }
      if (parts.length === 0) {
        return;
      }
      text.textContent = parts.join(", ");
      banner.hidden = false;
      document.title = "(" + (created.size + grown.size) + ") " + baseTitle;
    }
    var source = new EventSource("/events");
    // The page says whether it is listening (tests and curious readers
    // look at it).
    source.onopen = function () {
      document.body.dataset.liveState = "open";
    };
    source.addEventListener("story", function (e) {
      var ev;
      try {
        ev = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      if (typeof ev.story !== "number") {
        return;
      }
      if (ev.kind === "created") {
        created.add(ev.story);
        grown.delete(ev.story);
      } else if (!created.has(ev.story)) {
        grown.add(ev.story);
      }
      show();
    });
    source.onerror = function () {
      // The browser reconnects by itself; a server that stopped for good
      // (or a private one that refuses us) is left alone after that.
      document.body.dataset.liveState = "reconnecting";
      if (source.readyState === EventSource.CLOSED) {
        document.body.dataset.liveState = "closed";
        source.close();
      }
    };
    window.addEventListener("pagehide", function () {
      source.close();
    });
  }

  // Keyboard shortcuts.
  function typing(el) {
    if (!el) {
      return false;
    }
    var tag = el.tagName;
    return el.isContentEditable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }

  function keys() {
    var current = -1;
    function items() {
      return Array.prototype.slice.call(document.querySelectorAll("[data-nav]"));
    }
    function select(i) {
      var list = items();
      if (list.length === 0) {
        return;
      }
      i = Math.max(0, Math.min(list.length - 1, i));
      if (current >= 0 && list[current]) {
        list[current].classList.remove("current");
      }
      current = i;
      var el = list[i];
      el.classList.add("current");
      var target = el.querySelector("[data-open]") || el.querySelector("a[href]");
      if (target) {
        target.focus({ preventScroll: true });
      }
      el.scrollIntoView({ block: "nearest" });
    }
    document.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) {
        return;
      }
      switch (e.key) {
        case "j":
          select(current + 1);
          break;
        case "k":
          select(current < 0 ? 0 : current - 1);
          break;
        case "o":
          var list = items();
          if (current < 0 || !list[current]) {
            return;
          }
          var a = list[current].querySelector("[data-open]") || list[current].querySelector("a[href]");
          if (a) {
            window.location.href = a.href;
          }
          break;
        case "/":
          var q = document.getElementById("q");
          if (q) {
            q.focus();
            q.select();
          }
          break;
        case "?":
          var help = document.getElementById("keys");
          if (help) {
            help.open = !help.open;
            if (help.open) {
              help.scrollIntoView({ block: "nearest" });
              help.querySelector("summary").focus();
            }
          }
          break;
        default:
          return;
      }
      e.preventDefault();
    });
  }

  live();
  keys();
})();
