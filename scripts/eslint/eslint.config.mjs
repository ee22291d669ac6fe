// The JavaScript linter of scripts/test.sh: browser scripts that ship with the site and portal.
// Run from the project root: scripts/eslint/node_modules/.bin/eslint --config scripts/eslint/eslint.config.mjs
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      // Classic scripts (not modules): they load from file:// too, where modules do not.
      sourceType: "script",
      globals: { ...globals.browser },
    },
    rules: {
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
      eqeqeq: ["error", "always"],
      // Data is never markup: build elements and set textContent instead.
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "Dựng phần tử và gán textContent; dữ liệu không bao giờ thành mã HTML." },
        { property: "outerHTML", message: "Dựng phần tử và gán textContent; dữ liệu không bao giờ thành mã HTML." },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: "Dựng phần tử và gán textContent; dữ liệu không bao giờ thành mã HTML.",
        },
        {
          selector: "CallExpression[callee.object.name='document'][callee.property.name='write']",
          message: "document.write chèn mã HTML; dựng phần tử thay thế.",
        },
      ],
    },
  },
];
