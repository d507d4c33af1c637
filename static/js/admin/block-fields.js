// In the lesson editor, a block shows only the fields its chosen kind uses: a video from YouTube
// asks for its link and length, an uploaded one for the file; an H5P activity asks for a package
// or an embed link. Hidden fields keep their values (the server ignores what the chosen kind does
// not use); a field showing an error always stays visible.
(function () {
  // choice field -> {choice: fields shown}; a field named in some list is hidden under the other choices.
  const RULES = {
    source: {
      youtube: ["video", "duration"],
      vimeo: ["video", "duration"],
      stream: ["video", "duration"],
      file: ["file", "duration"],
    },
    mode: {
      package: ["package", "pass_percent", "required"],
      hosted: ["embed_url"],
    },
  };

  function apply(select) {
    const field = select.closest("[data-contentpath]");
    const rule = field && RULES[field.dataset.contentpath];
    if (!rule || !field.parentElement) return;
    const struct = field.parentElement;
    const shown = new Set(rule[select.value] || []);
    const managed = new Set(Object.values(rule).flat());
    managed.forEach((name) => {
      const child = struct.querySelector(`:scope > [data-contentpath="${name}"]`);
      if (!child) return;
      const keep = shown.has(name) || child.querySelector(".error-message, .w-field--error, [aria-invalid='true']");
      child.hidden = !keep;
    });
  }

  function scan(root) {
    root.querySelectorAll("[data-contentpath] select").forEach((select) => {
      const field = select.closest("[data-contentpath]");
      if (!field || !RULES[field.dataset.contentpath] || select.dataset.fieldsFollow) return;
      select.dataset.fieldsFollow = "1";
      select.addEventListener("change", () => apply(select));
      apply(select);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    scan(document);
    // Blocks added, duplicated or moved later are drawn by the editor's scripts.
    new MutationObserver((changes) => {
      if (changes.some((change) => change.addedNodes.length)) scan(document);
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
