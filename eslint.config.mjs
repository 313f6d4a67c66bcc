// Lints the package with both n8n rule sets the community-package scanner applies:
// eslint-plugin-n8n-nodes-base (community, credentials, nodes) and
// @n8n/eslint-plugin-community-nodes (recommended). Tests, tools and devkit/ get TypeScript rules only,
// because the n8n rules forbid things (process, setTimeout, nock) that test code legitimately needs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

const tsParser = tseslint.parser;
const packageCode = ['nodes/**/*.ts', 'credentials/**/*.ts'];

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.cache/**', '.tmp/**', 'gulpfile.js', '**/*.js'] },
	js.configs.recommended,
	...tseslint.configs.recommended.map((config) => ({
		...config,
		files: ['**/*.ts'],
	})),
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		},
	},
	{
		files: ['devkit/**/*.ts', 'test/**/*.ts', 'tools/**/*.ts'],
		languageOptions: {
			globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', __dirname: 'readonly', require: 'readonly' },
		},
		rules: { 'no-console': 'off' },
	},
	{
		...n8nCommunityNodesPlugin.configs.recommended,
		files: [...packageCode, 'package.json'],
		ignores: [],
	},
	{
		files: ['package.json'],
		languageOptions: { parser: tsParser, parserOptions: { extraFileExtensions: ['.json'] } },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.community.rules,
			'no-unused-expressions': 'off',
			'@typescript-eslint/no-unused-expressions': 'off',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Wants a camelCase slug for n8n's own docs site; community credentials link to the vendor's
			// docs, which @n8n/community-nodes/credential-documentation-url requires to be a URL.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These two demand the string literal 'main', which @n8n/community-nodes/node-connection-type-literal
			// forbids in favour of NodeConnectionTypes.Main. n8n's own @n8n/node-cli preset turns them off too.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	{
		files: packageCode,
		rules: { 'no-console': 'error' },
	},
	// No inline disables anywhere: a rule that does not fit is changed here, for a whole kind of file, with the reason.
	{ linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'error' } },
];
