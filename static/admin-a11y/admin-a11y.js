// Accessible names where Django's admin widgets leave none (WCAG 2.1 A: 1.3.1, 4.1.2):
// - the date and time inputs of a split date-time field: «<field label>: Дата» / «: Время»;
// - select2 autocomplete boxes: named by their field's label;
// - the filter widget's help icons (a span with aria-label): role="img";
// - an empty filter link (the empty value of a list filter): «—».
// Run when the page is ready and again when the admin's widgets (SelectFilter, select2, inline
// rows) add elements.
(() => {
  function labelText(id) {
    const label = id && document.querySelector(`label[for="${CSS.escape(id)}"]`);
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function fix(root) {
    root.querySelectorAll("input.vDateField, input.vTimeField").forEach((input) => {
      if (input.hasAttribute("aria-label") || input.labels?.length) return;
      const field = labelText(input.id.replace(/_[01]$/, "_0")) || labelText(input.id.replace(/_[01]$/, ""));
      let part = "";
      for (let node = input.previousSibling; node; node = node.previousSibling) {
        if (node.nodeType === Node.TEXT_NODE && node.textContent.trim()) {
          part = node.textContent.trim().replace(/:$/, "");
          break;
        }
        if (node.nodeType === Node.ELEMENT_NODE && node.tagName !== "BR") break;
      }
      const name = [field, part].filter(Boolean).join(": ");
      if (name) input.setAttribute("aria-label", name);
    });
    // select2 names the box by its rendered choice, which is empty until one is chosen: the
    // field's label comes first.
    root.querySelectorAll(".select2-selection[role=combobox]").forEach((box) => {
      if (box.dataset.labelled) return;
      const select = box.closest(".select2-container")?.previousElementSibling;
      const label = select && select.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
      if (!label) return;
      label.id = label.id || `${select.id}-label`;
      box.dataset.labelled = "1";
      const rendered = box.getAttribute("aria-labelledby");
      box.setAttribute("aria-labelledby", [label.id, rendered].filter(Boolean).join(" "));
      box.querySelectorAll("[role=textbox]").forEach((text) => text.setAttribute("aria-labelledby", label.id));
    });
    root.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach((icon) => icon.setAttribute("role", "img"));
    root.querySelectorAll("#changelist-filter a").forEach((link) => {
      if (!link.textContent.trim() && !link.hasAttribute("aria-label")) link.textContent = "—";
    });
  }

  const run = () => fix(document);
  document.addEventListener("DOMContentLoaded", run);
  window.addEventListener("load", () => {
    run();
    new MutationObserver(run).observe(document.body, { childList: true, subtree: true });
  });
})();
