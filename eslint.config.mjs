import js from "@eslint/js";
import tseslint from "typescript-eslint";

// A client component runs in the browser: it may not import the data layer, the policy's
// server half or the database, whatever path spelling it uses.
const SERVER_ONLY = /(^|\/|@\/)(db|lib\/server|lib\/auth|lib\/jobs|lib\/email)(\/|$)/;
const layers = {
  rules: {
    "no-server-in-client": {
      meta: {
        type: "problem",
        schema: [],
        messages: { server: "A client component cannot import {{source}}: pass data from a server component or call a server action." },
      },
      create(context) {
        const first = context.sourceCode.ast.body[0];
        const isClient = first?.type === "ExpressionStatement" && first.directive === "use client";
        if (!isClient) return {};
        return {
          ImportDeclaration(node) {
            if (node.importKind === "type") return;
            if (SERVER_ONLY.test(node.source.value)) context.report({ node, messageId: "server", data: { source: node.source.value } });
          },
        };
      },
    },
  },
};

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "node_modules/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
      ".data/**",
      ".stryker-tmp/**",
      "reports/**",
    ],
  },
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
          message: 'A form needs a server action (`action={...}` or useActionForm\'s `{...formProps}`) or method="post"; without one it submits by GET.',
        },
        {
          selector:
            "JSXOpeningElement[name.name='form']:has(JSXAttribute[name.name='method'][value.value=/^get$/i]):not(:has(JSXAttribute[name.name='role'][value.value='search']))",
          message: 'Only search forms (role="search", carrying the query only) may use GET.',
        },
      ],
    },
  },
  {
    // Routes and components reach data only through lib/server (which asks lib/policy).
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    plugins: { layers },
    rules: {
      "layers/no-server-in-client": "error",
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^(@/|(\\.\\./)+)db(/|$)", message: "app/ and components/ reach the database only through lib/server." }] },
      ],
    },
  },
  {
    files: ["**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
);
