import type { Gender } from '../domain';
import type { UserPreferences, UserView } from './user.types';

/** Fields a client may set when creating a user (validated at the gateway). */
export interface CreateUserInput {
  name: string;
  age: number;
  gender: Gender;
  location?: string | null;
  bio?: string | null;
  interests?: string[];
  latitude?: number | null;
  longitude?: number | null;
  preferences?: Partial<UserPreferences>;
  is_active?: boolean;
  /** The dating app's own id for this person; unique when given. */
  external_id?: string | null;
}

/** Fields a client may change; every one optional. */
export type UpdateUserInput = Partial<CreateUserInput>;

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface PageQuery {
  limit: number;
  offset: number;
}

export interface ListUsersQuery extends PageQuery {
  location?: string;
  min_age?: number;
  max_age?: number;
  gender?: Gender;
  is_active?: boolean;
}

export interface SearchActiveQuery extends PageQuery {
  /** Active within this many hours. */
  within_hours: number;
}

export interface SearchByInterestQuery extends PageQuery {
  interest: string;
}

export interface DeleteUserReply {
  id: number;
  deleted: true;
  /** Rows removed per table, so callers (and tests) can see what went. */
  removed: Record<string, number>;
}

export type { UserView };
