// Copies what n8n reads from beside the compiled JavaScript: the node and credential icons
// (`file:` icons) and the nodes' output schemas (`__schema__/v<x.y.z>/<resource>/<operation>.json`,
// which the editor fetches from `/schemas/<node type>/<x.y.z>/<resource>/<operation>.json`).
const { src, dest, parallel } = require('gulp');

function nodeIcons() {
	return src('nodes/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/nodes'));
}

function credentialIcons() {
	return src('credentials/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/credentials'));
}

function nodeOutputSchemas() {
	return src('nodes/**/__schema__/**/*.json', { encoding: false }).pipe(dest('dist/nodes'));
}

exports['build:icons'] = parallel(nodeIcons, credentialIcons, nodeOutputSchemas);
exports['build:schemas'] = nodeOutputSchemas;
