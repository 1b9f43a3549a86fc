/**
 * The workbook's object model, the one module lessons and solutions import (`#kube`): the storage contract, the
 * resource registry, label and field selectors, quantities, API errors, validation, metadata helpers, and the
 * upstream object types (from `kubernetes-types`, Kubernetes 1.30).
 */

export * from "./storage.ts";
export * from "./todo.ts";
export * from "./resources.ts";
export * from "./labels.ts";
export * from "./fields.ts";
export * from "./errors.ts";
export * from "./validation.ts";
export * from "./quantity.ts";
export * from "./meta.ts";
export * from "./actions.ts";
export * from "./patch/index.ts";
export * from "./api.ts";
export * from "./defaults.ts";
export * from "./taints.ts";
// yaml with positions (line:column of every node), for reading manifests (chapter 4).
export { LineCounter, YAMLParseError, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from "yaml";
export type { Document as YamlDocument, Node as YamlNode } from "yaml";

export type {
  LabelSelector,
  LabelSelectorRequirement,
  ObjectMeta,
  OwnerReference,
  Time,
  MicroTime,
} from "kubernetes-types/meta/v1.js";
export type {
  ConfigMap,
  Container,
  ContainerPort,
  ContainerStatus,
  EnvVar,
  Event,
  Namespace,
  Node,
  NodeCondition,
  NodeSpec,
  NodeStatus,
  ObjectReference,
  Pod,
  PodCondition,
  PodSpec,
  PodStatus,
  PodTemplateSpec,
  Probe,
  ResourceRequirements,
  Service,
  ServicePort,
  ServiceSpec,
  Taint,
  Toleration,
} from "kubernetes-types/core/v1.js";
export type {
  Deployment,
  DeploymentCondition,
  DeploymentSpec,
  DeploymentStatus,
  DeploymentStrategy,
  ReplicaSet,
  ReplicaSetSpec,
  ReplicaSetStatus,
  RollingUpdateDeployment,
} from "kubernetes-types/apps/v1.js";
export type { Lease, LeaseSpec } from "kubernetes-types/coordination/v1.js";
export type { Endpoint, EndpointConditions, EndpointPort, EndpointSlice } from "kubernetes-types/discovery/v1.js";
export type {
  HTTPIngressPath,
  Ingress,
  IngressBackend,
  IngressClass,
  IngressRule,
  IngressSpec,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicySpec,
} from "kubernetes-types/networking/v1.js";

import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import type { Writable } from "./meta.ts";

/**
 * Any Kubernetes object, loosely: what the API server, the store and the simulator pass around. Its metadata is
 * writable (kubernetes-types marks the server-populated fields read-only; the server is what populates them).
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: Writable<ObjectMeta>;
  spec?: unknown;
  status?: unknown;
  [field: string]: unknown;
}
