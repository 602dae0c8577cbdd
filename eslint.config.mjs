import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: [".next/**", ".next-*/**", "node_modules/**", "next-env.d.ts", "test-results/**", "playwright-report/**", ".data/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // An un-awaited permission check is always truthy: never let a promise float.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // Forms post: a form without an action or method submits by GET before hydration or
      // without JavaScript, and what people typed ends up in the URL. Only search uses GET.
      "no-restricted-syntax": [
        "error",
        {
          selector: "JSXOpeningElement[name.name='form']:not(:has(JSXAttribute[name.name=/^(action|method)$/])):not(:has(JSXSpreadAttribute))",
          message: "A form needs a server action (`action={...}` or useActionForm's `{...formProps}`) or method=\"post\"; without one it submits by GET.",
        },
        {
          selector: "JSXOpeningElement[name.name='form']:has(JSXAttribute[name.name='method'][value.value=/^get$/i]):not(:has(JSXAttribute[name.name='role'][value.value='search']))",
          message: "Only search forms (role=\"search\", carrying the query only) may use GET.",
        },
      ],
    },
  },
  {
    files: ["**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
);
