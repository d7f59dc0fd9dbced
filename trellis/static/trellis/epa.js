// The assessor's record saves as it is typed. Each small form posts itself a moment after
// the last keystroke; until the server has it, a copy is kept in this browser, so nothing
// typed is lost to a dropped connection or a closed tab.
(function () {
  "use strict";
  var DELAY = 700;
  var RETRY = 3000;
  var unsaved = new Set();

  function draftKey(form) {
    var parts = [location.pathname, form.getAttribute("action") || "", form.id || ""];
    // A note's key is new on every page load, so it is kept in the draft, not its name.
    var fixed = form.querySelectorAll(
      "input[type=hidden]:not([name=csrfmiddlewaretoken]):not([name=key])"
    );
    fixed.forEach(function (input) { parts.push(input.name + "=" + input.value); });
    return "trellis-draft:" + parts.join("|");
  }

  function fieldsOf(form) {
    var data = {};
    form.querySelectorAll("input, textarea, select").forEach(function (field) {
      if (!field.name || (field.type === "hidden" && field.name !== "key")) return;
      if (field.type === "radio" || field.type === "checkbox") {
        if (field.checked) data[field.name] = field.value;
        else if (field.type === "checkbox") data[field.name] = "";
      } else {
        data[field.name] = field.value;
      }
    });
    return data;
  }

  function restore(form) {
    var saved = localStorage.getItem(draftKey(form));
    if (!saved) return false;
    var data = JSON.parse(saved);
    form.querySelectorAll("input, textarea, select").forEach(function (field) {
      if (!field.name || !(field.name in data)) return;
      if (field.type === "hidden" && field.name !== "key") return;
      if (field.type === "radio") field.checked = field.value === data[field.name];
      else if (field.type === "checkbox") field.checked = data[field.name] !== "";
      else field.value = data[field.name];
    });
    return true;
  }

  function status(form, text, isError) {
    var el = form.querySelector("[data-save-status]");
    if (!el) return;
    el.textContent = text;
    el.classList.toggle("epa-save--error", !!isError);
  }

  // One save at a time for each form, in the order they were asked for, so an older save
  // never lands after a newer one.
  function send(form, extra) {
    var previous = form._inFlight || Promise.resolve();
    var run = previous.then(function () { return post(form, extra); });
    form._inFlight = run.catch(function () { return null; });
    return run;
  }

  function post(form, extra) {
    var version = form._changes || 0;
    var body = new FormData(form);
    Object.keys(extra || {}).forEach(function (name) { body.set(name, extra[name]); });
    status(form, "Saving…");
    return fetch(form.getAttribute("action") || location.pathname, {
      method: "POST",
      body: body,
      headers: { "X-Autosave": "1" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (json) { return { ok: response.ok, json: json }; });
    }).then(function (answer) {
      if (!answer.ok) {
        var messages = [];
        Object.keys(answer.json.errors || {}).forEach(function (key) {
          messages = messages.concat(answer.json.errors[key]);
        });
        status(form, "Not saved: " + messages.join(" "), true);
        return null;
      }
      showState(answer.json);
      // Typed while this save was on its way: the draft and the warning stay until the
      // save already scheduled for those words has landed.
      if ((form._changes || 0) !== version) return answer.json;
      localStorage.removeItem(draftKey(form));
      unsaved.delete(form);
      status(form, "Saved " + answer.json.saved_at);
      return answer.json;
    }).catch(function () {
      status(form, "Not saved yet: kept on this device, trying again…", true);
      setTimeout(function () { schedule(form); }, RETRY);
      return null;
    });
  }

  // The record as a whole, as the server now sees it: the minutes observed and what is
  // still missing.
  function showState(json) {
    var minutes = document.querySelector("[data-observed-minutes]");
    if (minutes && "observed_minutes" in json) minutes.textContent = json.observed_minutes;
    var list = document.querySelector("[data-problems]");
    if (!list || !("problems" in json)) return;
    list.textContent = "";
    json.problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.textContent = problem;
      list.appendChild(item);
    });
    list.closest("[data-problems-box]").hidden = json.problems.length === 0;
  }

  function schedule(form) {
    localStorage.setItem(draftKey(form), JSON.stringify(fieldsOf(form)));
    unsaved.add(form);
    form._changes = (form._changes || 0) + 1;
    if (!form.querySelector(".epa-save--error")) status(form, "Saving…");
    clearTimeout(form._saveTimer);
    form._saveTimer = setTimeout(function () { send(form); }, DELAY);
  }

  function finishNote(form) {
    clearTimeout(form._saveTimer);
    var text = form.querySelector("textarea[name=text]");
    if (!text.value.trim()) return;
    send(form, { done: "1" }).then(function (json) {
      if (!json || !json.html) return;
      var list = form.parentNode.querySelector("[data-notes]");
      if (list) list.insertAdjacentHTML("beforeend", json.html);
      form.querySelector("input[name=key]").value = json.next_key;
      text.value = "";
      status(form, "Note added " + json.saved_at);
      text.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-autosave]").forEach(function (form) {
      if (restore(form)) schedule(form);
      form.addEventListener("input", function () { schedule(form); });
      form.addEventListener("change", function () { schedule(form); });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (form.hasAttribute("data-note")) finishNote(form);
        else send(form);
      });
    });
    window.addEventListener("beforeunload", function (event) {
      if (unsaved.size) event.preventDefault();
    });
  });
})();
