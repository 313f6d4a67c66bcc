/**
 * Packs the built project once for every real-n8n suite of a CI run and prints the tarball's path
 * (`npx tsx tools/ci/pack.ts <dir>`); CI exports it as AURORA_E2E_TARBALL.
 */
import path from 'path';

import { packProject } from '../../devkit/n8n/install-package';

const root = path.join(__dirname, '..', '..');
void packProject(root, path.resolve(root, process.argv[2] ?? '.tmp/ci-pack')).then((tarball) => console.log(tarball));
