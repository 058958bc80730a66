// Autocomplete comboboxes (partnership_portal/widgets.py, templates/widgets/autocomplete.html).
// A text box with role=combobox asks data-url?q=... (debounced, from data-min-chars characters)
// and lists the matches in a role=listbox; the chosen option's id goes into the hidden input
// that the form submits. Keyboard: up/down move, Enter chooses, Escape closes. Works for
// widgets added later by htmx (event delegation). No inline script: the CSP forbids it.
// A dependent chooser names other fields of its form in data-autocomplete-forward on the text box
// (space-separated field names): their current values go along as query parameters of the same
// names, e.g. the contacts of the chosen partner (?q=...&partner=12). A choice fires "change"
// on the hidden input, which carries the widget's hx-* attributes (the form re-renders on a choice,
// not when the text box merely loses focus).
(() => {
  "use strict";
  const DEBOUNCE_MS = 250;
  const state = new WeakMap();

  function parts(root) {
    return {
      hidden: root.querySelector("[data-autocomplete-value]"),
      input: root.querySelector("[data-autocomplete-input]"),
      list: root.querySelector("[role=listbox]"),
      status: root.querySelector("[data-autocomplete-status]"),
    };
  }

  function stateOf(root) {
    if (!state.has(root)) {
      state.set(root, { timer: null, controller: null, active: -1, lastQuery: null });
    }
    return state.get(root);
  }

  function announce(root, text) {
    parts(root).status.textContent = text;
  }

  function close(root) {
    const { input, list } = parts(root);
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    stateOf(root).active = -1;
  }

  function options(root) {
    return Array.from(parts(root).list.querySelectorAll("[role=option]"));
  }

  function highlight(root, index) {
    const { input } = parts(root);
    const items = options(root);
    if (!items.length) return;
    const active = (index + items.length) % items.length;
    items.forEach((item, i) => {
      const on = i === active;
      item.classList.toggle("active", on);
      item.setAttribute("aria-selected", on ? "true" : "false");
    });
    stateOf(root).active = active;
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  function addChip(root, value, label) {
    const chosen = root.querySelector("[data-autocomplete-chosen]");
    const taken = Array.from(chosen.querySelectorAll("input[type=hidden]")).some((input) => input.value === value);
    if (taken) return;
    const chip = document.createElement("li");
    chip.className = "list-inline-item badge text-bg-light border mb-1";
    chip.dataset.autocompleteChip = "";
    const hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = root.dataset.name;
    hidden.value = value;
    const text = document.createElement("span");
    text.textContent = label;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn-close ms-1 align-middle";
    remove.setAttribute("aria-label", `${root.dataset.msgRemove}: ${label}`);
    remove.dataset.autocompleteRemove = "";
    chip.append(hidden, text, " ", remove);
    chosen.appendChild(chip);
  }

  function choose(root, item) {
    const { hidden, input } = parts(root);
    if ("multiple" in root.dataset) {
      addChip(root, item.dataset.value, item.dataset.label);
      input.value = "";
      close(root);
      announce(root, root.dataset.msgAdded.replace("%s", item.dataset.label));
      root.dispatchEvent(new Event("change", { bubbles: true }));
      return;
    }
    hidden.value = item.dataset.value;
    input.value = item.dataset.label;
    close(root);
    announce(root, item.dataset.label);
    hidden.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function forward(root, url) {
    const { input } = parts(root);
    const form = root.closest("form");
    const names = (input.dataset.autocompleteForward || "").split(/\s+/).filter(Boolean);
    names.forEach((name) => {
      const field = form ? form.elements.namedItem(name) : null;
      const value = field && typeof field.value === "string" ? field.value.trim() : "";
      if (value) url.searchParams.set(name, value);
    });
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-autocomplete] [data-autocomplete-remove]");
    if (!button) return;
    const root = button.closest("[data-autocomplete]");
    const chip = button.closest("[data-autocomplete-chip]");
    const label = chip.querySelector("span").textContent;
    chip.remove();
    announce(root, root.dataset.msgRemoved.replace("%s", label));
    parts(root).input.focus();
  });

  function show(root, data) {
    const { input, list } = parts(root);
    list.replaceChildren();
    const results = Array.isArray(data.results) ? data.results : [];
    results.forEach((result, i) => {
      const item = document.createElement("li");
      item.id = `${list.id}_${i}`;
      item.className = "list-group-item list-group-item-action";
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.dataset.value = String(result.id);
      item.dataset.label = String(result.label);
      item.textContent = String(result.label);
      list.appendChild(item);
    });
    if (!results.length) {
      const item = document.createElement("li");
      item.className = "list-group-item text-body-secondary";
      item.textContent = root.dataset.msgNone;
      list.appendChild(item);
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    stateOf(root).active = -1;
    let message = results.length ? root.dataset.msgCount.replace("%s", results.length) : root.dataset.msgNone;
    if (data.more) message += ` ${root.dataset.msgMore.replace("%s", results.length)}`;
    announce(root, message);
  }

  async function search(root, query) {
    const current = stateOf(root);
    if (current.controller) current.controller.abort();
    current.controller = new AbortController();
    const url = new URL(root.dataset.url, window.location.href);
    url.searchParams.set("q", query);
    forward(root, url);
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: current.controller.signal,
      });
      if (!response.ok) throw new Error(String(response.status));
      show(root, await response.json());
    } catch (error) {
      if (error.name === "AbortError") return;
      close(root);
      announce(root, root.dataset.msgError);
    }
  }

  document.addEventListener("input", (event) => {
    const input = event.target.closest("[data-autocomplete-input]");
    if (!input) return;
    const root = input.closest("[data-autocomplete]");
    const current = stateOf(root);
    const { hidden } = parts(root);
    if (hidden) hidden.value = ""; // typed text is not a choice until an option is picked
    clearTimeout(current.timer);
    const query = input.value.trim();
    if (query.length < Number(root.dataset.minChars || 2)) {
      if (current.controller) current.controller.abort();
      close(root);
      return;
    }
    current.timer = setTimeout(() => search(root, query), DEBOUNCE_MS);
  });

  document.addEventListener("keydown", (event) => {
    const input = event.target.closest("[data-autocomplete-input]");
    if (!input) return;
    const root = input.closest("[data-autocomplete]");
    const { list } = parts(root);
    const current = stateOf(root);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (list.hidden) return;
      event.preventDefault();
      highlight(root, current.active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && !list.hidden && current.active >= 0) {
      event.preventDefault(); // choose, do not submit the form yet
      choose(root, options(root)[current.active]);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close(root);
    }
  });

  // mousedown, not click: it comes before the text box loses focus.
  document.addEventListener("mousedown", (event) => {
    const item = event.target.closest("[data-autocomplete] [role=option]");
    if (item) {
      event.preventDefault();
      choose(item.closest("[data-autocomplete]"), item);
    }
  });

  document.addEventListener("focusout", (event) => {
    const input = event.target.closest && event.target.closest("[data-autocomplete-input]");
    if (input) close(input.closest("[data-autocomplete]"));
  });
})();

// Suggestions for a free-text field (an <input list=...> whose <datalist> starts empty): as the
// user types, the <datalist> gets the matches of data-suggest-url; the browser shows them, and
// anything else typed stays allowed.
(() => {
  "use strict";
  const DEBOUNCE_MS = 250;
  const timers = new WeakMap();
  const controllers = new WeakMap();

  async function suggest(input, query) {
    const list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    if (controllers.has(input)) controllers.get(input).abort();
    const controller = new AbortController();
    controllers.set(input, controller);
    const url = new URL(input.dataset.suggestUrl, window.location.href);
    url.searchParams.set("q", query);
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (!response.ok) return; // the field still takes typed text
      const data = await response.json();
      list.replaceChildren(
        ...(data.results || []).map((result) => {
          const option = document.createElement("option");
          option.value = String(result.label);
          return option;
        }),
      );
    } catch (error) {
      // Network error or aborted: no suggestions, the field still works.
    }
  }

  document.addEventListener("input", (event) => {
    const input = event.target.closest && event.target.closest("input[data-suggest-url]");
    if (!input) return;
    clearTimeout(timers.get(input));
    const query = input.value.trim();
    if (query.length < Number(input.dataset.minChars || 2)) return;
    timers.set(input, setTimeout(() => suggest(input, query), DEBOUNCE_MS));
  });
})();
