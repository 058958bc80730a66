// Portal behaviour without inline scripts: confirmation prompts for dangerous buttons, and submit
// buttons that show the form is on its way and cannot send it twice.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

(() => {
  // Long enough for a page to answer, an upload included; a form whose answer is a download (the
  // page stays) gets its buttons back after this.
  const RELEASE_AFTER_MS = 60000;
  const SUBMITS = "button[type=submit], button:not([type]), input[type=submit]";

  function busyLabel() {
    return document.body.dataset.busyLabel || "…";
  }

  function submitButtons(form) {
    const inside = Array.from(form.querySelectorAll(SUBMITS));
    const outside = form.id ? Array.from(document.querySelectorAll(`[form="${CSS.escape(form.id)}"]`)) : [];
    return inside.concat(outside.filter((element) => element.matches(SUBMITS)));
  }

  function markBusy(form, submitter) {
    form.dataset.busy = "";
    form.setAttribute("aria-busy", "true");
    // A disabled button sends no name=value: the one pressed is carried by a hidden copy.
    if (submitter && submitter.name) {
      const carrier = document.createElement("input");
      carrier.type = "hidden";
      carrier.name = submitter.name;
      carrier.value = submitter.value;
      carrier.dataset.submitterCopy = "";
      form.appendChild(carrier);
    }
    for (const button of submitButtons(form)) {
      button.dataset.wasDisabled = button.disabled ? "1" : "0";
      button.disabled = true;
    }
    const shown = submitter || submitButtons(form)[0];
    if (shown) {
      shown.dataset.busyButton = "";
      if (shown.tagName === "INPUT") {
        shown.dataset.idleValue = shown.value;
        shown.value = busyLabel();
      } else {
        shown.dataset.idleHtml = shown.innerHTML;
        const spinner = document.createElement("span");
        spinner.className = "spinner-border spinner-border-sm me-1";
        spinner.setAttribute("aria-hidden", "true");
        shown.replaceChildren(spinner, document.createTextNode(busyLabel()));
      }
    }
    form.busyTimer = window.setTimeout(() => release(form), RELEASE_AFTER_MS);
  }

  function release(form) {
    if (!("busy" in form.dataset)) return;
    window.clearTimeout(form.busyTimer);
    delete form.dataset.busy;
    form.removeAttribute("aria-busy");
    form.querySelectorAll("[data-submitter-copy]").forEach((carrier) => carrier.remove());
    for (const button of submitButtons(form)) {
      button.disabled = button.dataset.wasDisabled === "1";
      delete button.dataset.wasDisabled;
      if ("busyButton" in button.dataset) {
        delete button.dataset.busyButton;
        if (button.tagName === "INPUT") {
          button.value = button.dataset.idleValue;
          delete button.dataset.idleValue;
        } else {
          button.innerHTML = button.dataset.idleHtml;
          delete button.dataset.idleHtml;
        }
      }
    }
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if ("busy" in form.dataset) {
      event.preventDefault(); // the first press is on its way
      return;
    }
    // Handled elsewhere: htmx forms (htmx prevents the default and sends it itself, see below),
    // GET forms (filters and searches: sending one twice changes nothing), opt-outs.
    if (event.defaultPrevented || (form.method || "get").toLowerCase() !== "post" || "noBusy" in form.dataset) return;
    markBusy(form, event.submitter);
    // A listener after this one may still cancel the submission: then nothing is on its way.
    window.setTimeout(() => {
      if (event.defaultPrevented) release(form);
    }, 0);
  });

  // htmx forms: busy while their request runs (htmx has read the values, the pressed button's too).
  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.detail.elt;
    const trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    if (form instanceof HTMLFormElement && trigger && trigger.type === "submit" && !("noBusy" in form.dataset)) {
      if ("busy" in form.dataset) {
        event.preventDefault();
        return;
      }
      markBusy(form, trigger.submitter);
      form.querySelectorAll("[data-submitter-copy]").forEach((carrier) => carrier.remove());
    }
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.elt instanceof HTMLFormElement) release(event.detail.elt);
  });

  // Back to a page kept in the browser's cache: its forms can be sent again.
  window.addEventListener("pageshow", () => {
    document.querySelectorAll("form[data-busy]").forEach(release);
  });
})();

// A table that scrolls sideways in its .table-responsive box can be scrolled from the keyboard:
// the box joins the tab order while (and only while) it overflows. Checked again whenever a box
// or its table changes size (a web font arriving, a resize, an htmx swap).
function markScrollableTables(root = document) {
  root.querySelectorAll(".table-responsive").forEach((box) => {
    if (box.scrollWidth > box.clientWidth) {
      box.tabIndex = 0;
      // Named after the table's caption or its section's heading, so the focus says what scrolls.
      if (!box.hasAttribute("role") && !box.hasAttribute("aria-label")) {
        const table = box.querySelector("table");
        const caption = table && table.caption ? table.caption.textContent.trim() : "";
        const heading = box.closest("section, .card, main")?.querySelector("h1, h2, h3, .card-header");
        const name = caption || (heading ? heading.textContent.trim() : "");
        if (name) {
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", name);
        }
      }
    } else if (box.tabIndex === 0) {
      box.removeAttribute("tabindex");
    }
  });
}
const tableResizes = "ResizeObserver" in window ? new ResizeObserver(() => markScrollableTables()) : null;
function watchTables(root = document) {
  markScrollableTables(root);
  if (!tableResizes) return;
  root.querySelectorAll(".table-responsive").forEach((box) => {
    tableResizes.observe(box);
    const table = box.querySelector("table");
    if (table) tableResizes.observe(table);
  });
}
document.addEventListener("DOMContentLoaded", () => watchTables());
window.addEventListener("load", () => markScrollableTables());
document.addEventListener("htmx:afterSettle", (event) => watchTables(event.target.parentElement || document));
