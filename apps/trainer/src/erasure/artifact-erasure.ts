import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventStream, missingIds, PeriodicSweep } from '@app/common';
import { DurableConsumers, Subjects } from '@app/contracts';
import { UsersRepository } from '@app/db';
import { ModelVersionsRepository } from '@app/db/repositories/model-versions.repository';
import { withoutUsers } from '@app/ml/embeddings/model';
import {
  deserializeEmbeddings,
  EMBEDDING_HEADER_BYTES,
  serializeEmbeddings,
  userIdsSection,
} from '@app/ml/embeddings/serialize';
import { TrainerConfig } from '../trainer.config';

/**
 * Erases deleted users from every stored model artifact (ARCHITECTURE.md, "Erasure"). Of the
 * two kinds, only embeddings hold anything per user: a row of vectors under the user's id. The
 * ranker is a weight per feature, shared by everyone.
 *
 * A pass looks at every stored embeddings artifact, whatever its status (active, retired and
 * kept, rejected), reads only its ids (not the megabytes of vectors), and when some are no
 * user's any more rewrites it without their rows. It runs on each deletion (durable consumer:
 * acknowledged once the artifacts are clean), after each version is stored (a version trained
 * on data read before a deletion), and every ERASURE_SWEEP_MS. Passes hold the registry's lock
 * of the kind, so a pass and the storing of a version never interleave: a version stored
 * after a pass looked is cleaned by the pass that follows its storing.
 *
 * Versions keep their numbers: a serving instance that already holds the version dropped the
 * user itself (the deletion event), one loading it later reads the clean artifact.
 */
@Injectable()
export class ArtifactErasure implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ArtifactErasure.name);
  private readonly sweep: PeriodicSweep;

  constructor(
    private readonly versions: ModelVersionsRepository,
    private readonly users: UsersRepository,
    private readonly events: EventStream,
    config: TrainerConfig,
  ) {
    this.sweep = new PeriodicSweep('model artifacts', config.ERASURE_SWEEP_MS, () => this.pass());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.events.consume(Subjects.events.userDeleted, { durable: DurableConsumers.trainerErasure }, () =>
      this.run(),
    );
    this.sweep.start();
    void this.run();
    this.logger.log(`erasing deleted users from stored embeddings on ${Subjects.events.userDeleted}`);
  }

  onApplicationShutdown(): void {
    this.sweep.stop();
  }

  /** A pass now, or right after the running one; resolves once it ended. */
  run(): Promise<void> {
    return this.sweep.run();
  }

  /** One pass over every stored embeddings artifact; returns how many deleted users it erased. */
  async pass(): Promise<number> {
    return this.versions.withKindLock('embeddings', async (versions, m) => {
      const erased = new Set<number>();
      for (const version of await versions.versionsWithArtifacts('embeddings')) {
        const header = await versions.artifactSlice('embeddings', version, 0, EMBEDDING_HEADER_BYTES);
        const section = header ? userIdsSection(header) : null;
        if (!section) continue;
        const bytes = await versions.artifactSlice('embeddings', version, section.offset, section.length);
        if (!bytes || bytes.length !== section.length) continue;
        const ids = new Float64Array(section.length / 8);
        Buffer.from(ids.buffer).set(bytes);
        const gone = await missingIds(
          Array.from(ids).filter((id) => id > 0),
          (chunk) => this.users.findExistingIds(chunk, m),
        );
        if (gone.length === 0) continue;
        const artifact = await versions.artifactOf('embeddings', version);
        if (!artifact) continue;
        const clean = withoutUsers(deserializeEmbeddings(artifact), new Set(gone));
        await versions.replaceArtifact('embeddings', version, serializeEmbeddings(clean));
        for (const id of gone) erased.add(id);
        // Counts only: ids and rows never go to the logs.
        this.logger.log(`embeddings version ${version}: erased ${gone.length} deleted users from the artifact`);
      }
      return erased.size;
    });
  }
}
