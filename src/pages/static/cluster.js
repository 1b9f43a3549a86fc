// The cluster page's script (served as /assets/cluster.js): keeps the nodes and pods the page server streams as
// server-sent events (/cluster/events) and redraws them; a click on a pod shows /cluster/explain for it.
// Every value from the cluster goes in through textContent, never as HTML.
(function () {
  "use strict";
  var fmt = window.workbookStrings.fmt;
  var nodes = new Map();
  var pods = new Map();
  var selected = null;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { e.append(c); });
    return e;
  }
  function setConn(connected) {
    var c = document.getElementById("conn");
    c.textContent = fmt(connected ? "pages.cluster.live" : "pages.cluster.lost");
    c.className = "conn " + (connected ? "conn-live" : "conn-lost");
    document.body.setAttribute("data-connected", String(connected));
  }
  function podEl(p) {
    var state = p.deleting ? "Terminating" : p.reason || p.phase;
    var cls = "pod phase-" + p.phase.toLowerCase() + (p.ready ? " is-ready" : " not-ready") + (p.key === selected ? " selected" : "");
    var b = el("button", { type: "button", class: cls, "data-pod": p.key, title: p.owner ? fmt("pages.cluster.owner", { owner: p.owner }) : "" }, [
      el("span", { class: "pod-name" }, [p.namespace === "default" ? p.name : p.key]),
      el("span", { class: "pod-state" }, [state + " · " + fmt(p.ready ? "pages.cluster.ready" : "pages.cluster.notReady")]),
      el("span", { class: "pod-owner" }, [p.owner ? fmt("pages.cluster.owner", { owner: p.owner }) : ""]),
    ]);
    b.addEventListener("click", function () { explain(p.key); });
    return b;
  }
  function card(title, badges, list, attrs) {
    var body = list.length ? list.map(podEl) : [el("p", { class: "empty" }, [fmt("pages.cluster.noPods")])];
    return el("section", attrs, [el("h2", {}, [title].concat(badges)), el("div", { class: "pods" }, body)]);
  }
  function draw() {
    var root = document.getElementById("nodes");
    var byNode = new Map();
    var pending = [];
    var sortedPods = Array.from(pods.values()).sort(function (a, b) { return a.key < b.key ? -1 : 1; });
    sortedPods.forEach(function (p) {
      if (p.node && nodes.has(p.node)) (byNode.get(p.node) || byNode.set(p.node, []).get(p.node)).push(p);
      else pending.push(p);
    });
    var cards = Array.from(nodes.values()).sort(function (a, b) { return a.name < b.name ? -1 : 1; }).map(function (n) {
      var badges = [el("span", { class: "badge ready-" + n.ready.toLowerCase() }, ["Ready=" + n.ready])];
      if (n.unschedulable) badges.push(el("span", { class: "badge cordoned" }, [fmt("pages.cluster.unschedulable")]));
      n.taints.forEach(function (t) { badges.push(el("span", { class: "badge taint" }, [t])); });
      return card(n.name, badges, byNode.get(n.name) || [], { class: "node ready-" + n.ready.toLowerCase(), "data-node": n.name });
    });
    if (pending.length) cards.push(card(fmt("pages.cluster.pending"), [], pending, { class: "node pending", "data-node": "" }));
    root.replaceChildren.apply(root, cards);
  }
  function cell(text, cls) { return el("td", cls ? { class: cls } : {}, [text]); }
  function explain(key) {
    selected = key;
    draw();
    var panel = document.getElementById("explain");
    panel.hidden = false;
    panel.replaceChildren(el("h2", {}, [fmt("pages.explain.heading", { pod: key })]));
    var q = new URLSearchParams({ pod: key });
    fetch("/cluster/explain?" + q.toString()).then(function (r) { return r.json(); }).then(function (x) {
      if (selected !== key) return;
      if (x.error) { panel.append(el("p", { class: "load-error" }, [fmt("pages.explain.unavailable", { error: x.error })])); return; }
      panel.append(el("p", { class: "note" }, [fmt("pages.explain.note")]));
      if (x.boundTo) panel.append(el("p", {}, [fmt("pages.explain.boundTo", { node: x.boundTo })]));
      panel.append(el("p", { class: x.node ? "chosen" : "load-error" }, [x.node ? fmt("pages.explain.chosen", { node: x.node }) : fmt("pages.explain.unschedulable", { message: x.message || "" })]));
      var plugins = [];
      Object.keys(x.scores).forEach(function (n) { Object.keys(x.scores[n]).forEach(function (k) { if (k !== "total" && plugins.indexOf(k) < 0) plugins.push(k); }); });
      var head = el("tr", {}, [el("th", {}, [fmt("pages.explain.node")]), el("th", {}, [fmt("pages.explain.filter")])]
        .concat(plugins.map(function (p) { return el("th", { title: p }, [p.replace(/([a-z])([A-Z])/g, "$1\u200b$2")]); }), [el("th", {}, [fmt("pages.explain.total")])]));
      var rows = x.nodes.map(function (n) {
        var f = x.filtered[n];
        var s = x.scores[n];
        var filter = f ? f.plugin + ": " + f.reasons.join(", ") : fmt("pages.explain.passed");
        return el("tr", { "data-node": n, class: (n === x.node ? "chosen" : "") + (f ? " filtered" : "") },
          [cell(n), cell(filter, f ? "no" : "yes")].concat(plugins.map(function (p) { return cell(s ? String(s[p]) : "–"); }), [cell(s ? String(s.total) : "–")]));
      });
      panel.append(el("table", { class: "explain-table" }, [el("thead", {}, [head]), el("tbody", {}, rows)]));
      if (x.node && Object.keys(x.scores).length === 0) panel.append(el("p", { class: "note" }, [fmt("pages.explain.onlyOne")]));
    }, function (error) {
      panel.append(el("p", { class: "load-error" }, [fmt("pages.explain.unavailable", { error: String(error) })]));
    });
  }

  setConn(false);
  document.getElementById("conn").textContent = fmt("pages.cluster.connecting");
  var events = new EventSource("/cluster/events");
  events.addEventListener("snapshot", function (e) {
    var d = JSON.parse(e.data);
    nodes = new Map(d.nodes.map(function (n) { return [n.name, n]; }));
    pods = new Map(d.pods.map(function (p) { return [p.key, p]; }));
    setConn(d.connected);
    draw();
  });
  events.addEventListener("change", function (e) {
    var d = JSON.parse(e.data);
    var map = d.resource === "pods" ? pods : nodes;
    var key = d.resource === "pods" ? d.item.key : d.item.name;
    if (d.type === "delete") map.delete(key);
    else map.set(key, d.item);
    draw();
  });
  events.addEventListener("status", function (e) { setConn(JSON.parse(e.data).connected); });
  events.addEventListener("error", function () { setConn(false); });
})();
