// ModelRegistry as JSON files, `<stateDir>/registry/<model>/<version>.json`. A version is created with
// an atomic no-overwrite link, so two registrations of one version never both win.
import { link, mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { checkModelVersion } from '../../domain/artifact-key.ts';
import {
  type ApprovalChange,
  type ApprovalStatus,
  type ModelRegistry,
  type NewRegistration,
  type Registration,
  RegistryConflictError,
  sortRegistrations,
  upgradeRegistration,
  VersionNotRegisteredError,
} from '../../ports/model-registry.ts';

let tempCounter = 0;

export class FileModelRegistry implements ModelRegistry {
  constructor(readonly rootDir: string) {}

  async register(entry: NewRegistration): Promise<Registration> {
    const path = this.pathOf(entry.model, entry.version);
    const registration: Registration = { ...entry, approval: entry.approval ?? 'PendingManualApproval', id: path };
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const temp = await this.writeTemp(path, registration);
    try {
      await link(temp, path);
      return registration;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const existing = (await this.get(entry.model, entry.version))!;
      if (existing.lineage.source.sha256 !== entry.lineage.source.sha256)
        throw new RegistryConflictError(entry.model, entry.version, { cause: error });
      return existing;
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  async get(model: string, version: string): Promise<Registration | undefined> {
    try {
      return upgradeRegistration(JSON.parse(await readFile(this.pathOf(model, version), 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async list(model?: string): Promise<Registration[]> {
    if (model) checkModelVersion(model, '0');
    const models = model ? [model] : await entries(this.rootDir);
    const found: Registration[] = [];
    for (const name of models) {
      for (const file of await entries(join(this.rootDir, name))) {
        if (!file.endsWith('.json')) continue;
        const registration = await this.get(name, file.slice(0, -'.json'.length));
        if (registration) found.push(registration);
      }
    }
    return sortRegistrations(found);
  }

  async setApproval(model: string, version: string, status: ApprovalStatus, change: ApprovalChange) {
    const existing = await this.get(model, version);
    if (!existing) throw new VersionNotRegisteredError(model, version);
    const updated: Registration = { ...existing, approval: status, approvalChange: change };
    const path = this.pathOf(model, version);
    await rename(await this.writeTemp(path, updated), path);
    return updated;
  }

  private pathOf(model: string, version: string): string {
    checkModelVersion(model, version);
    return join(this.rootDir, model, `${version}.json`);
  }

  private async writeTemp(path: string, registration: Registration): Promise<string> {
    const temp = `${path}.${process.pid}.${++tempCounter}.tmp`;
    await writeFile(temp, `${JSON.stringify(registration, null, 2)}\n`, { mode: 0o600 });
    return temp;
  }
}

async function entries(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
