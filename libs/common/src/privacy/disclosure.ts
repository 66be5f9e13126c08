import { Injectable } from '@nestjs/common';
import type { CallerRole, InteractionType } from '@app/contracts';
import { ServiceConfig } from '../config/service-config';

/**
 * What one caller may learn about other people (SECURITY.md). An admin (the app's backend) sees
 * everything; a user sees what they did, and of what others did to them only the likes, when
 * REVEAL_RECEIVED_LIKES is on. Services shape every reply to a user through it, in one place
 * each (their `privacy/` folder), never route by route.
 */
export interface Disclosure {
  role: CallerRole;
  /** Received likes and super likes may be shown to this caller. */
  revealsReceivedLikes: boolean;
  /** The received interaction types this caller sees: every type for an admin. */
  receivedTypes: readonly InteractionType[];
}

const EVERY_TYPE: readonly InteractionType[] = ['like', 'super_like', 'dislike', 'block'];
const LIKES: readonly InteractionType[] = ['like', 'super_like'];

/** The deployment's disclosure policy, by caller role. */
@Injectable()
export class DisclosurePolicy {
  private readonly admin: Disclosure = { role: 'admin', revealsReceivedLikes: true, receivedTypes: EVERY_TYPE };
  private readonly user: Disclosure;

  constructor(config: ServiceConfig) {
    const reveal = config.REVEAL_RECEIVED_LIKES;
    this.user = { role: 'user', revealsReceivedLikes: reveal, receivedTypes: reveal ? LIKES : [] };
  }

  for(role: CallerRole): Disclosure {
    return role === 'admin' ? this.admin : this.user;
  }
}
