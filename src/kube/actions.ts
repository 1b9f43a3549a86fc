/**
 * What a controller-like component asks for. Components are pure functions of a read-only view that return actions;
 * only the simulator applies them, through the API server, so a component can be replayed, compared with the
 * reference action for action, and swapped for the learner's without the cluster noticing.
 */

/** An object as the API carries it; the upstream types (kubernetes-types) refine it per kind. */
export interface ApiObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    generateName?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/** The object an Event is about (upstream's ObjectReference, as `kubectl describe` shows it). */
export interface InvolvedObject {
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
  apiVersion?: string;
}

export type Action =
  /** Create an object; `metadata.generateName` gets a suffix from the simulator's name generator. */
  | { type: "create"; resource: string; object: ApiObject }
  /** Replace an object; with `metadata.resourceVersion` set, a stale view gets a 409 and the controller runs again. */
  | { type: "update"; resource: string; object: ApiObject }
  /** Write the status subresource only. */
  | { type: "updateStatus"; resource: string; object: ApiObject }
  /** Delete an object; `uid` is a precondition, so a replaced object of the same name is not deleted by mistake. */
  | { type: "delete"; resource: string; namespace?: string; name: string; uid?: string; gracePeriodSeconds?: number }
  /** The scheduler's binding: the pods/binding subresource sets spec.nodeName. */
  | { type: "bind"; namespace: string; name: string; uid?: string; node: string }
  /** Record an Event, as every upstream component does (Scheduled, SuccessfulCreate, ScalingReplicaSet, BackOff...). */
  | { type: "event"; involved: InvolvedObject; reason: string; message: string; eventType: "Normal" | "Warning" }
  /** Run this component again for the same object after a delay (minReadySeconds, progress deadlines, backoff). */
  | { type: "requeueAfter"; seconds: number };
