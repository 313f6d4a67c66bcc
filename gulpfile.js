// Copies the node and credential icons next to the compiled JavaScript, where n8n looks for `file:` icons.
const { src, dest, parallel } = require('gulp');

function nodeIcons() {
	return src('nodes/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/nodes'));
}

function credentialIcons() {
	return src('credentials/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/credentials'));
}

exports['build:icons'] = parallel(nodeIcons, credentialIcons);
