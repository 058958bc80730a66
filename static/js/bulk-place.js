// Placing a group: the rows left on «as for all» show live what «apply to all» has chosen. The
// server fills those rows the same way with JavaScript off; this only shows it.
(() => {
  const form = document.querySelector("form[data-bulk-place]");
  if (!form) {
    return;
  }
  const common = form.querySelector("select[data-bulk-all]");
  const rows = form.querySelectorAll("select[data-bulk-row]");
  const template = form.dataset.asAll || "";

  const show = () => {
    const chosen = common.selectedIndex > 0 ? common.options[common.selectedIndex].text : "";
    rows.forEach((select) => {
      const option = select.querySelector("option[value='']");
      if (!option) {
        return;
      }
      if (option.dataset.plain === undefined) {
        option.dataset.plain = option.text;
      }
      option.text = chosen && template ? template.replace("__choice__", chosen) : option.dataset.plain;
    });
  };

  common.addEventListener("change", show);
  show();
})();
