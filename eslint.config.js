import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/out/', '.closeloop/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='DuckDBInstance'][callee.property.name='create']",
          message: 'Open DuckDB through the project module that owns the instance, never DuckDBInstance.create directly.',
        },
      ],
    },
  },
);
