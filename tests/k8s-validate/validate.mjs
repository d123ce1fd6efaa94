// Reads rendered manifests (YAML, several documents) on standard input and writes one JSON object:
// { "documents": [...every document as JSON...], "errors": [{ "document", "path", "message" }] }.
// Each document is checked against its schema: the Kubernetes API's (kubernetes-models), KEDA's and the Prometheus
// Operator's (@kubernetes-models/*), and for RabbitmqCluster, User and Permission the fields this project uses
// (rabbitmq-*.schema.json, after the RabbitMQ Cluster and Messaging Topology Operators' API references). Those schemas accept fields they do not know, so a misspelt
// field would pass: every field is therefore also probed, by giving it a value no schema accepts (a function) and
// seeing whether the schema complains at that path. A field the schema never looks at is reported as unknown.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import Ajv from 'ajv';

const schemas = {
  'v1/ConfigMap': 'kubernetes-models/_schemas/IoK8sApiCoreV1ConfigMap',
  'v1/Service': 'kubernetes-models/_schemas/IoK8sApiCoreV1Service',
  'v1/Secret': 'kubernetes-models/_schemas/IoK8sApiCoreV1Secret',
  'apps/v1/Deployment': 'kubernetes-models/_schemas/IoK8sApiAppsV1Deployment',
  'policy/v1/PodDisruptionBudget': 'kubernetes-models/_schemas/IoK8sApiPolicyV1PodDisruptionBudget',
  'networking.k8s.io/v1/NetworkPolicy': 'kubernetes-models/_schemas/IoK8sApiNetworkingV1NetworkPolicy',
  'keda.sh/v1alpha1/ScaledObject': '@kubernetes-models/keda/_schemas/ComGithubKedacoreKedaV2ApisKedaV1alpha1ScaledObject',
  'keda.sh/v1alpha1/TriggerAuthentication': '@kubernetes-models/keda/_schemas/ComGithubKedacoreKedaV2ApisKedaV1alpha1TriggerAuthentication',
  'monitoring.coreos.com/v1/ServiceMonitor': '@kubernetes-models/prometheus-operator/_schemas/ComGithubPrometheusOperatorPrometheusOperatorPkgApisMonitoringV1ServiceMonitor',
  'monitoring.coreos.com/v1/PrometheusRule': '@kubernetes-models/prometheus-operator/_schemas/ComGithubPrometheusOperatorPrometheusOperatorPkgApisMonitoringV1PrometheusRule',
};

// The packages do not all export their schema modules: load them by file.
const load = (module) => import(new URL(`./node_modules/${module}.js`, import.meta.url));

const impossible = () => 0;
const pointer = (path) => path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

// Fields the schema checks: probing each one with an impossible value must produce an error at its path.
function unknownFields(validate, document) {
  const unknown = [];
  const probe = (path) => {
    const copy = structuredClone(document);
    let node = copy;
    for (const p of path.slice(0, -1)) node = node[p];
    node[path[path.length - 1]] = impossible;
    if (validate(copy)) return false;
    const at = pointer(path);
    return validate.errors.some((e) => e.instancePath === at || e.instancePath.startsWith(`${at}/`));
  };
  const walk = (node, path) => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => walk(v, [...path, i]));
    } else if (node !== null && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        if (probe([...path, key])) walk(node[key], [...path, key]);
        else unknown.push([...path, key].join('.'));
      }
    }
  };
  walk(document, []);
  return unknown;
}

// The RabbitMQ operators' resources, with schemas of the fields this project uses (written after their API references).
const ownSchemas = {
  'rabbitmq.com/v1beta1/RabbitmqCluster': './rabbitmq-cluster.schema.json',
  'rabbitmq.com/v1beta1/User': './rabbitmq-user.schema.json',
  'rabbitmq.com/v1beta1/Permission': './rabbitmq-permission.schema.json',
};

async function validatorFor(document) {
  const key = `${document.apiVersion}/${document.kind}`;
  if (ownSchemas[key]) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const schema = JSON.parse(readFileSync(new URL(ownSchemas[key], import.meta.url)));
    const affinity = (await load('kubernetes-models/_schemas/IoK8sApiCoreV1Affinity')).validate;
    const objectMeta = (await load('@kubernetes-models/apimachinery/_schemas/IoK8sApimachineryPkgApisMetaV1ObjectMeta')).validate;
    ajv.addKeyword({ keyword: 'k8sAffinity', validate: (_, data) => affinity(data) });
    ajv.addKeyword({ keyword: 'k8sObjectMeta', validate: (_, data) => objectMeta(data) });
    const own = ajv.compile(schema);
    // The Kubernetes parts keep their own unknown-field probe (below); ajv's additionalProperties covers the rest.
    const check = (data) => {
      const ok = own(data);
      const errors = [...(own.errors ?? [])];
      const parts = [['/metadata', data?.metadata, objectMeta], ['/spec/affinity', data?.spec?.affinity, affinity]];
      for (const [at, part, validate] of parts) {
        if (part !== undefined && !validate(part)) errors.push(...validate.errors.map((e) => ({ ...e, instancePath: at + e.instancePath })));
      }
      check.errors = errors;
      return ok && errors.length === 0;
    };
    return check;
  }
  const module = schemas[key];
  return module ? (await load(module)).validate : null;
}

const input = readFileSync(0, 'utf8');
const documents = parseAllDocuments(input).map((d) => d.toJS()).filter((d) => d);
const errors = [];
for (const document of documents) {
  const name = `${document.kind}/${document.metadata?.name}`;
  const validate = await validatorFor(document);
  if (!validate) {
    errors.push({ document: name, path: '', message: `no schema for ${document.apiVersion} ${document.kind}` });
    continue;
  }
  if (!validate(document)) {
    for (const e of validate.errors) errors.push({ document: name, path: e.instancePath, message: `${e.keyword}: ${e.message ?? ''} ${JSON.stringify(e.params)}` });
  }
  for (const field of unknownFields(validate, document)) errors.push({ document: name, path: field, message: 'unknown field' });
}
process.stdout.write(JSON.stringify({ documents, errors }));
