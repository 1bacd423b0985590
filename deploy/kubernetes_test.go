package deploy

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/yaml"

	"github.com/ferryhealth/ferry/gateway/config"
)

const k8sDir = "kubernetes"

// kustomization is the part of kustomize's Kustomization that Ferry's tree uses; decoded
// strictly, so any other field fails the test (and must be added here, deliberately).
type kustomization struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Namespace  string   `json:"namespace,omitempty"`
	Resources  []string `json:"resources,omitempty"`
	Labels     []struct {
		Pairs            map[string]string `json:"pairs"`
		IncludeSelectors bool              `json:"includeSelectors"`
	} `json:"labels,omitempty"`
	Images  []kImage `json:"images,omitempty"`
	Patches []struct {
		Path   string `json:"path,omitempty"`
		Target *struct {
			Kind string `json:"kind,omitempty"`
			Name string `json:"name,omitempty"`
		} `json:"target,omitempty"`
	} `json:"patches,omitempty"`
}

type kImage struct {
	Name    string `json:"name"`
	NewName string `json:"newName,omitempty"`
	NewTag  string `json:"newTag,omitempty"`
	Digest  string `json:"digest,omitempty"`
}

// External Secrets Operator resources (CRDs, not in k8s.io/api): the fields used here.
type secretStore struct {
	APIVersion string            `json:"apiVersion"`
	Kind       string            `json:"kind"`
	Metadata   metaNameNamespace `json:"metadata"`
	Spec       struct {
		Provider struct {
			Vault struct {
				Server  string `json:"server"`
				Path    string `json:"path"`
				Version string `json:"version"`
				Auth    struct {
					Kubernetes struct {
						MountPath         string `json:"mountPath"`
						Role              string `json:"role"`
						ServiceAccountRef struct {
							Name string `json:"name"`
						} `json:"serviceAccountRef"`
					} `json:"kubernetes"`
				} `json:"auth"`
			} `json:"vault"`
		} `json:"provider"`
	} `json:"spec"`
}

type externalSecret struct {
	APIVersion string            `json:"apiVersion"`
	Kind       string            `json:"kind"`
	Metadata   metaNameNamespace `json:"metadata"`
	Spec       struct {
		RefreshInterval string `json:"refreshInterval"`
		SecretStoreRef  struct {
			Kind string `json:"kind"`
			Name string `json:"name"`
		} `json:"secretStoreRef"`
		Target struct {
			Name           string `json:"name"`
			CreationPolicy string `json:"creationPolicy"`
		} `json:"target"`
		Data []struct {
			SecretKey string `json:"secretKey"`
			RemoteRef struct {
				Key      string `json:"key"`
				Property string `json:"property"`
			} `json:"remoteRef"`
		} `json:"data"`
	} `json:"spec"`
}

type metaNameNamespace struct {
	Name      string            `json:"name"`
	Namespace string            `json:"namespace,omitempty"`
	Labels    map[string]string `json:"labels,omitempty"`
}

// object is one decoded manifest.
type object struct {
	file, kind, name, namespace string
	v                           any // *appsv1.Deployment, *corev1.Service, ...
}

// newForKind returns the typed value a manifest of apiVersion/kind decodes into.
func newForKind(apiVersion, kind string) (any, bool) {
	switch apiVersion + "/" + kind {
	case "apps/v1/Deployment":
		return &appsv1.Deployment{}, true
	case "v1/Service":
		return &corev1.Service{}, true
	case "v1/ConfigMap":
		return &corev1.ConfigMap{}, true
	case "v1/ServiceAccount":
		return &corev1.ServiceAccount{}, true
	case "v1/Namespace":
		return &corev1.Namespace{}, true
	case "policy/v1/PodDisruptionBudget":
		return &policyv1.PodDisruptionBudget{}, true
	case "autoscaling/v2/HorizontalPodAutoscaler":
		return &autoscalingv2.HorizontalPodAutoscaler{}, true
	case "networking.k8s.io/v1/NetworkPolicy":
		return &networkingv1.NetworkPolicy{}, true
	case "external-secrets.io/v1/SecretStore":
		return &secretStore{}, true
	case "external-secrets.io/v1/ExternalSecret":
		return &externalSecret{}, true
	case "kustomize.config.k8s.io/v1beta1/Kustomization":
		return &kustomization{}, true
	}
	return nil, false
}

// splitDocs splits a multi-document YAML stream.
func splitDocs(b []byte) [][]byte {
	var out [][]byte
	for _, d := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(b), -1) {
		if strings.TrimSpace(regexp.MustCompile(`(?m)^\s*#.*$`).ReplaceAllString(d, "")) != "" {
			out = append(out, []byte(d))
		}
	}
	return out
}

// decodeManifests decodes every document strictly into its Kubernetes API type.
func decodeManifests(file string, b []byte) ([]object, error) {
	var out []object
	for i, doc := range splitDocs(b) {
		var tm struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Metadata   struct {
				Name      string `json:"name"`
				Namespace string `json:"namespace"`
			} `json:"metadata"`
		}
		if err := yaml.Unmarshal(doc, &tm); err != nil {
			return nil, fmt.Errorf("%s: document %d: %v", file, i, err)
		}
		v, ok := newForKind(tm.APIVersion, tm.Kind)
		if !ok {
			return nil, fmt.Errorf("%s: document %d: unexpected %s %s (add it to newForKind deliberately)", file, i, tm.APIVersion, tm.Kind)
		}
		if err := yaml.UnmarshalStrict(doc, v); err != nil {
			return nil, fmt.Errorf("%s: %s %s: strict decode: %v", file, tm.Kind, tm.Metadata.Name, err)
		}
		out = append(out, object{file: file, kind: tm.Kind, name: tm.Metadata.Name, namespace: tm.Metadata.Namespace, v: v})
	}
	return out, nil
}

// loadDir decodes every .yaml file of a folder.
func loadDir(t *testing.T, dir string) map[string][]object {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]object{}
	for _, f := range files {
		if filepath.Base(f) == "kustomization.yaml" {
			continue // read by readKustomization
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		objs, err := decodeManifests(f, b)
		if err != nil {
			t.Error(err)
			continue
		}
		out[filepath.Base(f)] = objs
	}
	return out
}

func flatten(m map[string][]object) []object {
	var out []object
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out = append(out, m[k]...)
	}
	return out
}

func find[T any](objs []object, kind, name string) (T, bool) {
	var zero T
	for _, o := range objs {
		if o.kind == kind && (name == "" || o.name == name) {
			if v, ok := o.v.(T); ok {
				return v, true
			}
		}
	}
	return zero, false
}

func all[T any](objs []object, kind string) []T {
	var out []T
	for _, o := range objs {
		if o.kind == kind {
			if v, ok := o.v.(T); ok {
				out = append(out, v)
			}
		}
	}
	return out
}

// Ports and paths the rest of Ferry fixes (gateway/server, README).
const (
	publicPort = 8080
	adminPort  = 8081
	namespace  = "ferry"
)

// checkConfigMapData checks one ConfigMap's data: known keys, no secrets, valid values.
func checkConfigMapData(name string, data map[string]string, full bool) []string {
	var probs []string
	known := map[string]bool{}
	for _, k := range config.Keys() {
		known[k] = true
	}
	env := []string{}
	for k, v := range data {
		if !known[k] {
			probs = append(probs, fmt.Sprintf("ConfigMap %s: %s is not a Ferry configuration key (config.Keys())", name, k))
		}
		if k == "VAULT_TOKEN" || k == "FERRY_DATABASE" {
			probs = append(probs, fmt.Sprintf("ConfigMap %s: %s holds a credential; it belongs in Vault or a Secret", name, k))
		}
		if why := secretValue(v); why != "" {
			probs = append(probs, fmt.Sprintf("ConfigMap %s: %s looks like %s", name, k, why))
		}
		if secretName.MatchString(k) && !nonSecretKeyNames[k] {
			probs = append(probs, fmt.Sprintf("ConfigMap %s: %s has a secret-looking name", name, k))
		}
		env = append(env, k+"="+v)
	}
	if full {
		if a := data["FERRY_VAULT_AUTH"]; a != "kubernetes" && a != "approle" {
			probs = append(probs, fmt.Sprintf("ConfigMap %s: FERRY_VAULT_AUTH=%q, want kubernetes (or approle): no static token in a cluster", name, a))
		}
		// The values must pass Ferry's own validation (the DSN comes from the Secret).
		env = append(env, "FERRY_DATABASE=postgres://ferry@db.example.org:5432/ferry")
		if _, err := config.Load("", env); err != nil {
			probs = append(probs, fmt.Sprintf("ConfigMap %s: Ferry rejects it: %v", name, err))
		}
	}
	return probs
}

// nonSecretKeyNames are keys whose names look secret but whose values are not: key names,
// file paths and modes.
var nonSecretKeyNames = map[string]bool{
	"FERRY_VAULT_LINK_KEY": true, "FERRY_VAULT_AUDIT_KEY": true, "FERRY_VAULT_SENDER_KEY": true,
	"FERRY_VAULT_SECRET_ID_FILE": true, "FERRY_VAULT_SECRET_ID_WRAPPED": true, "FERRY_PORTAL_TOKEN_IN": true,
	"FERRY_VAULT_KUBERNETES_JWT": true,
}

// checkObjects checks a complete set of manifests (the base, or a rendered overlay).
func checkObjects(objs []object) []string {
	var probs []string
	bad := func(format string, a ...any) { probs = append(probs, fmt.Sprintf(format, a...)) }

	for _, o := range objs {
		if o.kind != "Namespace" && o.namespace != namespace {
			bad("%s %s (%s): namespace %q, want %q", o.kind, o.name, o.file, o.namespace, namespace)
		}
	}

	cm, ok := find[*corev1.ConfigMap](objs, "ConfigMap", "ferry-config")
	if !ok {
		bad("ConfigMap ferry-config missing")
		cm = &corev1.ConfigMap{}
	}
	for _, c := range all[*corev1.ConfigMap](objs, "ConfigMap") {
		probs = append(probs, checkConfigMapData(c.Name, c.Data, c.Name == "ferry-config")...)
		if len(c.BinaryData) > 0 {
			bad("ConfigMap %s: binaryData is not expected", c.Name)
		}
	}

	sa, ok := find[*corev1.ServiceAccount](objs, "ServiceAccount", "ferry")
	if !ok {
		bad("ServiceAccount ferry missing (Vault's Kubernetes role ferry is bound to it)")
	} else if sa.Namespace != namespace {
		bad("ServiceAccount ferry in namespace %q, want %q (the Vault role binds ferry/ferry)", sa.Namespace, namespace)
	}

	dep, ok := find[*appsv1.Deployment](objs, "Deployment", "ferry")
	if !ok {
		bad("Deployment ferry missing")
		return probs
	}
	probs = append(probs, checkDeployment(dep, cm)...)
	podLabels := dep.Spec.Template.Labels

	// Services: public 8080 and a separate ClusterIP admin 8081, both selecting the pods.
	svcs := all[*corev1.Service](objs, "Service")
	var public, admin *corev1.Service
	for _, s := range svcs {
		if !selects(s.Spec.Selector, podLabels) {
			bad("Service %s: selector %v does not select the Deployment's pods %v", s.Name, s.Spec.Selector, podLabels)
		}
		for _, p := range s.Spec.Ports {
			target := resolvePort(dep, p.TargetPort.String())
			switch target {
			case publicPort:
				public = s
				if p.Port != publicPort {
					bad("Service %s: public port %d, want %d", s.Name, p.Port, publicPort)
				}
			case adminPort:
				admin = s
				if p.Port != adminPort {
					bad("Service %s: admin port %d, want %d", s.Name, p.Port, adminPort)
				}
			default:
				bad("Service %s: port %s targets %d, which Ferry does not listen on", s.Name, p.Name, target)
			}
		}
		if s.Spec.Type != "" && s.Spec.Type != corev1.ServiceTypeClusterIP {
			bad("Service %s: type %s; expose Ferry through the ingress controller only", s.Name, s.Spec.Type)
		}
	}
	switch {
	case public == nil:
		bad("no Service for the public port %d", publicPort)
	case admin == nil:
		bad("no Service for the admin port %d", adminPort)
	case public == admin:
		bad("Service %s exposes both the public and the admin port; the admin Service must be separate", public.Name)
	}

	pdb, ok := find[*policyv1.PodDisruptionBudget](objs, "PodDisruptionBudget", "")
	if !ok {
		bad("PodDisruptionBudget missing")
	} else {
		if pdb.Spec.Selector == nil || !selects(pdb.Spec.Selector.MatchLabels, podLabels) {
			bad("PodDisruptionBudget %s does not select the pods", pdb.Name)
		}
		if (pdb.Spec.MinAvailable == nil) == (pdb.Spec.MaxUnavailable == nil) {
			bad("PodDisruptionBudget %s: set exactly one of minAvailable and maxUnavailable", pdb.Name)
		}
	}

	hpa, ok := find[*autoscalingv2.HorizontalPodAutoscaler](objs, "HorizontalPodAutoscaler", "")
	if !ok {
		bad("HorizontalPodAutoscaler missing")
	} else {
		ref := hpa.Spec.ScaleTargetRef
		if ref.Kind != "Deployment" || ref.Name != dep.Name || ref.APIVersion != "apps/v1" {
			bad("HorizontalPodAutoscaler %s scales %s/%s %s, want apps/v1 Deployment %s", hpa.Name, ref.APIVersion, ref.Kind, ref.Name, dep.Name)
		}
		min := int32(1)
		if hpa.Spec.MinReplicas != nil {
			min = *hpa.Spec.MinReplicas
		}
		if min > hpa.Spec.MaxReplicas {
			bad("HorizontalPodAutoscaler %s: minReplicas %d > maxReplicas %d", hpa.Name, min, hpa.Spec.MaxReplicas)
		}
		if r := dep.Spec.Replicas; r != nil && (*r < min || *r > hpa.Spec.MaxReplicas) {
			bad("Deployment replicas %d outside the autoscaler's range [%d, %d]", *r, min, hpa.Spec.MaxReplicas)
		}
		cpu := false
		for _, m := range hpa.Spec.Metrics {
			if m.Type == autoscalingv2.ResourceMetricSourceType && m.Resource != nil && m.Resource.Name == corev1.ResourceCPU &&
				m.Resource.Target.Type == autoscalingv2.UtilizationMetricType && m.Resource.Target.AverageUtilization != nil {
				cpu = true
			}
		}
		if !cpu {
			bad("HorizontalPodAutoscaler %s: no CPU utilisation metric", hpa.Name)
		}
	}

	np, ok := find[*networkingv1.NetworkPolicy](objs, "NetworkPolicy", "")
	if !ok {
		bad("NetworkPolicy missing")
	} else {
		probs = append(probs, checkNetworkPolicy(np, podLabels)...)
	}
	return probs
}

func selects(sel, labels map[string]string) bool {
	if len(sel) == 0 {
		return false
	}
	for k, v := range sel {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// resolvePort turns a named or numbered container port into its number.
func resolvePort(dep *appsv1.Deployment, p string) int32 {
	for _, c := range dep.Spec.Template.Spec.Containers {
		for _, cp := range c.Ports {
			if cp.Name == p || fmt.Sprint(cp.ContainerPort) == p {
				return cp.ContainerPort
			}
		}
	}
	return -1
}

func checkDeployment(dep *appsv1.Deployment, cm *corev1.ConfigMap) []string {
	var probs []string
	bad := func(format string, a ...any) { probs = append(probs, fmt.Sprintf(format, a...)) }
	pod := dep.Spec.Template.Spec
	if !selects(dep.Spec.Selector.MatchLabels, dep.Spec.Template.Labels) {
		bad("Deployment selector does not match its pod labels")
	}
	if pod.ServiceAccountName != "ferry" {
		bad("Deployment: serviceAccountName %q, want ferry (the Vault Kubernetes role is bound to it)", pod.ServiceAccountName)
	}
	psc := pod.SecurityContext
	if psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot {
		bad("Deployment: pod securityContext.runAsNonRoot is not true")
	}
	if psc != nil && psc.RunAsUser != nil && *psc.RunAsUser == 0 {
		bad("Deployment: pod runs as uid 0")
	}
	podSeccomp := psc != nil && psc.SeccompProfile != nil && psc.SeccompProfile.Type == corev1.SeccompProfileTypeRuntimeDefault
	if len(pod.Containers) != 1 {
		bad("Deployment: %d containers, want 1", len(pod.Containers))
		return probs
	}
	c := pod.Containers[0]
	if why := imagePinned(c.Image); why != "" {
		bad("Deployment: image %s is not pinned: %s", c.Image, why)
	} else if _, tag, digest := imageTag(c.Image); digest == "" && !semverTag.MatchString(tag) {
		bad("Deployment: image %s: pin a release version (x.y.z) or a digest", c.Image)
	}
	sc := c.SecurityContext
	switch {
	case sc == nil:
		bad("Deployment: container has no securityContext")
	default:
		if sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
			bad("Deployment: readOnlyRootFilesystem is not true")
		}
		if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
			bad("Deployment: allowPrivilegeEscalation is not false")
		}
		if sc.Privileged != nil && *sc.Privileged {
			bad("Deployment: container is privileged")
		}
		if sc.Capabilities == nil || len(sc.Capabilities.Drop) != 1 || sc.Capabilities.Drop[0] != "ALL" || len(sc.Capabilities.Add) > 0 {
			bad("Deployment: capabilities must drop ALL and add none")
		}
		if sc.RunAsUser != nil && *sc.RunAsUser == 0 {
			bad("Deployment: container runs as uid 0")
		}
		if sc.RunAsNonRoot != nil && !*sc.RunAsNonRoot {
			bad("Deployment: container sets runAsNonRoot false")
		}
		if !podSeccomp && (sc.SeccompProfile == nil || sc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault) {
			bad("Deployment: seccompProfile is not RuntimeDefault")
		}
	}
	ports := map[string]int32{}
	for _, p := range c.Ports {
		ports[p.Name] = p.ContainerPort
	}
	if ports["http"] != publicPort || ports["admin"] != adminPort {
		bad("Deployment: container ports %v, want http=%d admin=%d", ports, publicPort, adminPort)
	}
	probe := func(name string, p *corev1.Probe, wantPath string) {
		if p == nil || p.HTTPGet == nil {
			bad("Deployment: no HTTP %s probe", name)
			return
		}
		if p.HTTPGet.Path != wantPath {
			bad("Deployment: %s probe path %q, want %q", name, p.HTTPGet.Path, wantPath)
		}
		if got := resolvePort(&appsv1.Deployment{Spec: dep.Spec}, p.HTTPGet.Port.String()); got != publicPort {
			bad("Deployment: %s probe on port %s (%d), want the public port %d", name, p.HTTPGet.Port.String(), got, publicPort)
		}
	}
	probe("liveness", c.LivenessProbe, "/healthz")
	probe("readiness", c.ReadinessProbe, "/readyz")
	if c.StartupProbe != nil {
		probe("startup", c.StartupProbe, "/healthz")
	}
	for _, res := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		if q, ok := c.Resources.Requests[res]; !ok || q.IsZero() {
			bad("Deployment: no %s request", res)
		}
		if q, ok := c.Resources.Limits[res]; !ok || q.IsZero() {
			bad("Deployment: no %s limit", res)
		} else if r, ok := c.Resources.Requests[res]; ok && q.Cmp(r) < 0 {
			bad("Deployment: %s limit below its request", res)
		}
	}

	// Configuration: the ConfigMap by envFrom, the DSN from a Secret, nothing secret inline.
	fromCM := false
	for _, ef := range c.EnvFrom {
		if ef.ConfigMapRef != nil && ef.ConfigMapRef.Name == cm.Name {
			fromCM = true
		}
		if ef.SecretRef != nil {
			bad("Deployment: envFrom a whole Secret; name each key instead")
		}
	}
	if !fromCM {
		bad("Deployment: does not load ConfigMap %s with envFrom", cm.Name)
	}
	known := map[string]bool{}
	for _, k := range config.Keys() {
		known[k] = true
	}
	dsnFromSecret := false
	for _, e := range c.Env {
		if !known[e.Name] {
			bad("Deployment: env %s is not a Ferry configuration key", e.Name)
		}
		if e.Value != "" && (secretValue(e.Value) != "" || (secretName.MatchString(e.Name) && !nonSecretKeyNames[e.Name])) {
			bad("Deployment: env %s has an inline secret-looking value", e.Name)
		}
		if e.Name == "FERRY_DATABASE" && e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
			dsnFromSecret = true
		}
	}
	if !dsnFromSecret {
		bad("Deployment: FERRY_DATABASE must come from a Secret (secretKeyRef): the DSN holds a password")
	}

	// Writable places: /tmp (emptyDir) and the projected token file Ferry logs in with.
	mounts := map[string]string{}
	for _, m := range c.VolumeMounts {
		mounts[m.MountPath] = m.Name
	}
	vols := map[string]corev1.Volume{}
	for _, v := range pod.Volumes {
		vols[v.Name] = v
	}
	if v, ok := vols[mounts["/tmp"]]; !ok || v.EmptyDir == nil {
		bad("Deployment: no emptyDir on /tmp (the root file system is read-only)")
	}
	if cm.Data["FERRY_VAULT_AUTH"] == "kubernetes" {
		jwt := cm.Data["FERRY_VAULT_KUBERNETES_JWT"]
		if jwt == "" {
			jwt = "/var/run/secrets/kubernetes.io/serviceaccount/token"
		}
		v, ok := vols[mounts[path.Dir(jwt)]]
		switch {
		case ok && v.Projected != nil:
			found := false
			for _, s := range v.Projected.Sources {
				if s.ServiceAccountToken != nil && s.ServiceAccountToken.Path == path.Base(jwt) {
					found = true
				}
			}
			if !found {
				bad("Deployment: projected volume at %s has no serviceAccountToken %s", path.Dir(jwt), path.Base(jwt))
			}
		case pod.AutomountServiceAccountToken != nil && !*pod.AutomountServiceAccountToken:
			bad("Deployment: FERRY_VAULT_KUBERNETES_JWT=%s is not mounted (automount is off and no projected token is there)", jwt)
		}
	}
	return probs
}

func checkNetworkPolicy(np *networkingv1.NetworkPolicy, podLabels map[string]string) []string {
	var probs []string
	bad := func(format string, a ...any) { probs = append(probs, fmt.Sprintf(format, a...)) }
	if !selects(np.Spec.PodSelector.MatchLabels, podLabels) {
		bad("NetworkPolicy %s does not select Ferry's pods", np.Name)
	}
	types := map[networkingv1.PolicyType]bool{}
	for _, t := range np.Spec.PolicyTypes {
		types[t] = true
	}
	if !types[networkingv1.PolicyTypeIngress] || !types[networkingv1.PolicyTypeEgress] {
		bad("NetworkPolicy %s: policyTypes must list Ingress and Egress", np.Name)
	}
	// Ingress: every rule names its sources and its ports; 8080 and 8081 only.
	seen := map[int32]bool{}
	for i, r := range np.Spec.Ingress {
		if len(r.From) == 0 {
			bad("NetworkPolicy ingress rule %d allows every source", i)
		}
		for _, f := range r.From {
			if f.IPBlock != nil || (f.NamespaceSelector == nil && f.PodSelector == nil) {
				bad("NetworkPolicy ingress rule %d: sources must be namespaces or pods", i)
			}
			if f.NamespaceSelector != nil && len(f.NamespaceSelector.MatchLabels) == 0 && len(f.NamespaceSelector.MatchExpressions) == 0 {
				bad("NetworkPolicy ingress rule %d: an empty namespaceSelector admits every namespace", i)
			}
		}
		if len(r.Ports) == 0 {
			bad("NetworkPolicy ingress rule %d allows every port", i)
		}
		for _, p := range r.Ports {
			if p.Port == nil || (p.Port.IntVal != publicPort && p.Port.IntVal != adminPort) {
				bad("NetworkPolicy ingress rule %d: port %v, want only %d or %d", i, p.Port, publicPort, adminPort)
				continue
			}
			seen[p.Port.IntVal] = true
		}
	}
	if !seen[publicPort] || !seen[adminPort] {
		bad("NetworkPolicy %s: ingress must admit the ingress controller on %d and monitoring on %d", np.Name, publicPort, adminPort)
	}
	// Egress: DNS, PostgreSQL, Vault, HTTPS; nothing else, and never every port.
	allowed := map[int32]bool{53: true, 5432: true, 8200: true, 443: true}
	got := map[int32]bool{}
	for i, r := range np.Spec.Egress {
		if len(r.Ports) == 0 {
			bad("NetworkPolicy egress rule %d allows every port", i)
		}
		for _, p := range r.Ports {
			if p.Port == nil || !allowed[p.Port.IntVal] {
				bad("NetworkPolicy egress rule %d: port %v is not DNS, PostgreSQL, Vault or HTTPS", i, p.Port)
				continue
			}
			got[p.Port.IntVal] = true
		}
	}
	for p := range allowed {
		if !got[p] {
			bad("NetworkPolicy %s: egress to port %d missing", np.Name, p)
		}
	}
	return probs
}

// imageFor applies a kustomization's images entries to an image reference.
func imageFor(ref string, images []kImage) string {
	repo, tag, digest := imageTag(ref)
	for _, im := range images {
		if im.Name != repo {
			continue
		}
		if im.NewName != "" {
			repo = im.NewName
		}
		if im.NewTag != "" {
			tag, digest = im.NewTag, ""
		}
		if im.Digest != "" {
			tag, digest = "", im.Digest
		}
	}
	out := repo
	if tag != "" {
		out += ":" + tag
	}
	if digest != "" {
		out += "@" + digest
	}
	return out
}

// checkKustomization checks that a kustomization's files exist and decode, and that its
// images entries pin versions.
func checkKustomization(dir string, k *kustomization) []string {
	var probs []string
	bad := func(format string, a ...any) { probs = append(probs, fmt.Sprintf(format, a...)) }
	if k.APIVersion != "kustomize.config.k8s.io/v1beta1" || k.Kind != "Kustomization" {
		bad("%s: not a Kustomization (%s %s)", dir, k.APIVersion, k.Kind)
	}
	for _, r := range k.Resources {
		p := filepath.Join(dir, r)
		st, err := os.Stat(p)
		switch {
		case err != nil:
			bad("%s: resource %s does not exist", dir, r)
		case st.IsDir():
			if _, err := os.Stat(filepath.Join(p, "kustomization.yaml")); err != nil {
				bad("%s: resource %s is a folder without kustomization.yaml", dir, r)
			}
		}
	}
	for _, p := range k.Patches {
		if p.Path == "" {
			bad("%s: inline patches are not used here; keep each patch in a file", dir)
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, p.Path)); err != nil {
			bad("%s: patch %s does not exist", dir, p.Path)
		}
	}
	for _, im := range k.Images {
		switch {
		case im.Digest != "":
			if !regexp.MustCompile(`^sha256:[0-9a-f]{64}$`).MatchString(im.Digest) {
				bad("%s: image %s digest %q is malformed", dir, im.Name, im.Digest)
			}
		case im.NewTag == "" || strings.EqualFold(im.NewTag, "latest") || !semverTag.MatchString(im.NewTag):
			bad("%s: image %s tag %q: pin a release version (x.y.z) or a digest", dir, im.Name, im.NewTag)
		}
	}
	return probs
}

func readKustomization(t *testing.T, dir string) *kustomization {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "kustomization.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var k kustomization
	if err := yaml.UnmarshalStrict(b, &k); err != nil {
		t.Fatalf("%s/kustomization.yaml: strict decode: %v", dir, err)
	}
	return &k
}

// TestKubernetesBase decodes every base manifest strictly and checks the invariants.
func TestKubernetesBase(t *testing.T) {
	dir := filepath.Join(k8sDir, "base")
	k := readKustomization(t, dir)
	for _, p := range checkKustomization(dir, k) {
		t.Error(p)
	}
	files := loadDir(t, dir)
	// Every manifest file is listed, and every listed file is a manifest.
	listed := map[string]bool{}
	for _, r := range k.Resources {
		listed[r] = true
		if _, ok := files[r]; !ok {
			t.Errorf("base lists %s, which did not decode", r)
		}
	}
	for f := range files {
		if !listed[f] {
			t.Errorf("base/%s is not listed in kustomization.yaml resources", f)
		}
	}
	objs := flatten(files)
	if dep, ok := find[*appsv1.Deployment](objs, "Deployment", "ferry"); ok {
		for i := range dep.Spec.Template.Spec.Containers {
			c := &dep.Spec.Template.Spec.Containers[i]
			c.Image = imageFor(c.Image, k.Images)
		}
	}
	if k.Namespace != namespace {
		t.Errorf("base namespace %q, want %q", k.Namespace, namespace)
	}
	for _, p := range checkObjects(objs) {
		t.Error(p)
	}
	// The Namespace enforces the restricted Pod Security Standard the pods meet.
	if ns, ok := find[*corev1.Namespace](objs, "Namespace", namespace); !ok {
		t.Error("Namespace ferry missing")
	} else if ns.Labels["pod-security.kubernetes.io/enforce"] != "restricted" {
		t.Error("Namespace ferry does not enforce the restricted Pod Security Standard")
	}
}

// TestKubernetesOverlays checks each overlay's files: strict decoding, existing paths,
// patches that target base objects, pinned images, and the prod DSN wiring.
func TestKubernetesOverlays(t *testing.T) {
	base := flatten(loadDir(t, filepath.Join(k8sDir, "base")))
	baseNames := map[string]bool{}
	for _, o := range base {
		baseNames[o.kind+"/"+o.name] = true
	}
	dep, _ := find[*appsv1.Deployment](base, "Deployment", "ferry")
	for _, name := range []string{"dev", "prod"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(k8sDir, "overlays", name)
			k := readKustomization(t, dir)
			for _, p := range checkKustomization(dir, k) {
				t.Error(p)
			}
			if len(k.Images) == 0 {
				t.Error("overlay does not pin the image (images:)")
			}
			if dep != nil {
				img := imageFor(imageFor(dep.Spec.Template.Spec.Containers[0].Image, readKustomization(t, filepath.Join(k8sDir, "base")).Images), k.Images)
				if why := imagePinned(img); why != "" {
					t.Errorf("effective image %s: %s", img, why)
				}
			}
			files := loadDir(t, dir)
			patches := map[string]bool{}
			for _, p := range k.Patches {
				patches[p.Path] = true
				for _, o := range files[p.Path] {
					if !baseNames[o.kind+"/"+o.name] {
						t.Errorf("patch %s targets %s %s, which the base does not have", p.Path, o.kind, o.name)
					}
				}
			}
			for f, objs := range files {
				if !patches[f] && !contains(k.Resources, f) {
					t.Errorf("%s/%s is neither a resource nor a patch", name, f)
				}
				for _, o := range objs {
					if c, ok := o.v.(*corev1.ConfigMap); ok {
						for _, p := range checkConfigMapData(c.Name, c.Data, false) {
							t.Error(p)
						}
					}
				}
			}
			if name == "prod" {
				for _, p := range checkProdSecrets(flatten(files), dep) {
					t.Error(p)
				}
			}
		})
	}
}

// checkProdSecrets checks that the Secret the Deployment reads the DSN from is the one the
// ExternalSecret fills, through a SecretStore that logs in as Ferry's service account.
func checkProdSecrets(objs []object, dep *appsv1.Deployment) []string {
	var probs []string
	bad := func(format string, a ...any) { probs = append(probs, fmt.Sprintf(format, a...)) }
	var ref *corev1.SecretKeySelector
	if dep != nil {
		for _, e := range dep.Spec.Template.Spec.Containers[0].Env {
			if e.Name == "FERRY_DATABASE" && e.ValueFrom != nil {
				ref = e.ValueFrom.SecretKeyRef
			}
		}
	}
	if ref == nil {
		return []string{"Deployment reads FERRY_DATABASE from no Secret"}
	}
	es, ok := find[*externalSecret](objs, "ExternalSecret", "")
	if !ok {
		return []string{"prod: no ExternalSecret for the database DSN"}
	}
	if es.Spec.Target.Name != ref.Name {
		bad("ExternalSecret %s fills Secret %q, the Deployment reads %q", es.Metadata.Name, es.Spec.Target.Name, ref.Name)
	}
	hasKey := false
	for _, d := range es.Spec.Data {
		if d.SecretKey == ref.Key {
			hasKey = true
		}
	}
	if !hasKey {
		bad("ExternalSecret %s has no key %q", es.Metadata.Name, ref.Key)
	}
	ss, ok := find[*secretStore](objs, "SecretStore", es.Spec.SecretStoreRef.Name)
	if !ok || es.Spec.SecretStoreRef.Kind != "SecretStore" {
		bad("ExternalSecret %s refers to SecretStore %q, which the overlay does not define", es.Metadata.Name, es.Spec.SecretStoreRef.Name)
	} else {
		k := ss.Spec.Provider.Vault.Auth.Kubernetes
		if k.Role != "ferry" || k.ServiceAccountRef.Name != "ferry" {
			bad("SecretStore %s must log in with Vault role ferry as service account ferry", ss.Metadata.Name)
		}
		if ss.Spec.Provider.Vault.Version != "v2" {
			bad("SecretStore %s: KV version %q, want v2", ss.Metadata.Name, ss.Spec.Provider.Vault.Version)
		}
	}
	return probs
}

// TestKubernetesRendered renders each overlay with kustomize (kubectl kustomize or
// kustomize build) and checks the result as the cluster would receive it. It skips when
// neither tool is installed.
func TestKubernetesRendered(t *testing.T) {
	render := renderer(t)
	if render == nil {
		t.Skip("neither kubectl nor kustomize is installed")
	}
	for _, name := range []string{"dev", "prod"} {
		t.Run(name, func(t *testing.T) {
			out, err := render(filepath.Join(k8sDir, "overlays", name))
			if err != nil {
				t.Fatalf("kustomize build: %v\n%s", err, out)
			}
			objs, err := decodeManifests(name+" (rendered)", out)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range checkObjects(objs) {
				t.Error(p)
			}
			if name == "prod" {
				dep, _ := find[*appsv1.Deployment](objs, "Deployment", "ferry")
				for _, p := range checkProdSecrets(objs, dep) {
					t.Error(p)
				}
			}
			// The overlay's ConfigMap patch merged into the base's.
			cm, _ := find[*corev1.ConfigMap](objs, "ConfigMap", "ferry-config")
			wantLog := map[string]string{"dev": "debug", "prod": "info"}[name]
			if cm == nil || cm.Data["FERRY_LOG_LEVEL"] != wantLog || cm.Data["FERRY_VAULT_AUTH"] != "kubernetes" {
				t.Errorf("rendered ConfigMap ferry-config: the overlay patch did not merge with the base")
			}
		})
	}
}

func renderer(t *testing.T) func(dir string) ([]byte, error) {
	t.Helper()
	var args []string
	if p, err := exec.LookPath("kustomize"); err == nil {
		args = []string{p, "build"}
	} else if p, err := exec.LookPath("kubectl"); err == nil {
		args = []string{p, "kustomize"}
	} else {
		return nil
	}
	return func(dir string) ([]byte, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, args[0], append(args[1:], dir)...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			return errb.Bytes(), err
		}
		return out.Bytes(), nil
	}
}

// TestKubernetesCheckerCatches breaks the base in memory, one invariant at a time, and
// expects the checker to notice: a checker that passes everything fails here.
func TestKubernetesCheckerCatches(t *testing.T) {
	load := func() []object {
		return flatten(loadDir(t, filepath.Join(k8sDir, "base")))
	}
	depOf := func(objs []object) *appsv1.Deployment {
		d, _ := find[*appsv1.Deployment](objs, "Deployment", "ferry")
		return d
	}
	cmOf := func(objs []object) *corev1.ConfigMap {
		c, _ := find[*corev1.ConfigMap](objs, "ConfigMap", "ferry-config")
		return c
	}
	f := false
	tr := true
	root := int64(0)
	cases := []struct {
		name string
		edit func([]object)
		want string
	}{
		{"root", func(o []object) { depOf(o).Spec.Template.Spec.SecurityContext.RunAsNonRoot = &f }, "runAsNonRoot"},
		{"uid 0", func(o []object) { depOf(o).Spec.Template.Spec.Containers[0].SecurityContext.RunAsUser = &root }, "uid 0"},
		{"writable root", func(o []object) {
			depOf(o).Spec.Template.Spec.Containers[0].SecurityContext.ReadOnlyRootFilesystem = &f
		}, "readOnlyRootFilesystem"},
		{"escalation", func(o []object) {
			depOf(o).Spec.Template.Spec.Containers[0].SecurityContext.AllowPrivilegeEscalation = &tr
		}, "allowPrivilegeEscalation"},
		{"caps", func(o []object) {
			depOf(o).Spec.Template.Spec.Containers[0].SecurityContext.Capabilities.Add = []corev1.Capability{"NET_ADMIN"}
		}, "capabilities"},
		{"latest", func(o []object) { depOf(o).Spec.Template.Spec.Containers[0].Image = "ghcr.io/ferryhealth/ferry:latest" }, "not pinned"},
		{"floating tag", func(o []object) { depOf(o).Spec.Template.Spec.Containers[0].Image = "ghcr.io/ferryhealth/ferry:main" }, "release version"},
		{"no liveness", func(o []object) { depOf(o).Spec.Template.Spec.Containers[0].LivenessProbe = nil }, "liveness"},
		{"readiness path", func(o []object) { depOf(o).Spec.Template.Spec.Containers[0].ReadinessProbe.HTTPGet.Path = "/healthz" }, "/readyz"},
		{"probe on admin", func(o []object) {
			depOf(o).Spec.Template.Spec.Containers[0].LivenessProbe.HTTPGet.Port.StrVal = "admin"
		}, "public port"},
		{"no limits", func(o []object) { depOf(o).Spec.Template.Spec.Containers[0].Resources.Limits = nil }, "limit"},
		{"secret in configmap", func(o []object) { cmOf(o).Data["VAULT_TOKEN"] = "hvs.CAESIJ3qS1l0ngEnoughT0kenValue" }, "credential"},
		{"password in configmap", func(o []object) {
			cmOf(o).Data["FERRY_PORTAL_URL"] = "https://user:hunter2@portal.example.org/"
		}, "password"},
		{"unknown key", func(o []object) { cmOf(o).Data["FERRY_PORT"] = "8080" }, "not a Ferry configuration key"},
		{"bad value", func(o []object) { cmOf(o).Data["FERRY_LINK_TTL"] = "three days" }, "Ferry rejects it"},
		{"token auth", func(o []object) { cmOf(o).Data["FERRY_VAULT_AUTH"] = "token" }, "FERRY_VAULT_AUTH"},
		{"dsn inline", func(o []object) {
			c := &depOf(o).Spec.Template.Spec.Containers[0]
			c.Env = []corev1.EnvVar{{Name: "FERRY_DATABASE", Value: "postgres://ferry:pw@db/ferry"}}
		}, "FERRY_DATABASE must come from a Secret"},
		{"wrong sa", func(o []object) { depOf(o).Spec.Template.Spec.ServiceAccountName = "default" }, "serviceAccountName"},
		{"admin public", func(o []object) {
			s, _ := find[*corev1.Service](o, "Service", "ferry-admin")
			s.Spec.Type = corev1.ServiceTypeLoadBalancer
		}, "LoadBalancer"},
		{"egress open", func(o []object) {
			np, _ := find[*networkingv1.NetworkPolicy](o, "NetworkPolicy", "")
			np.Spec.Egress = append(np.Spec.Egress, networkingv1.NetworkPolicyEgressRule{})
		}, "allows every port"},
		{"ingress any ns", func(o []object) {
			np, _ := find[*networkingv1.NetworkPolicy](o, "NetworkPolicy", "")
			np.Spec.Ingress[0].From[0].NamespaceSelector.MatchLabels = nil
		}, "every namespace"},
		{"hpa target", func(o []object) {
			h, _ := find[*autoscalingv2.HorizontalPodAutoscaler](o, "HorizontalPodAutoscaler", "")
			h.Spec.ScaleTargetRef.Name = "other"
		}, "scales"},
		{"namespace", func(o []object) {
			sa, _ := find[*corev1.ServiceAccount](o, "ServiceAccount", "ferry")
			sa.Namespace = "default"
			for i := range o {
				if o[i].kind == "ServiceAccount" {
					o[i].namespace = "default"
				}
			}
		}, "namespace"},
		{"no tmp", func(o []object) { depOf(o).Spec.Template.Spec.Containers[0].VolumeMounts = nil }, "/tmp"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			objs := load()
			if d := depOf(objs); d == nil || cmOf(objs) == nil {
				t.Fatal("base has no Deployment or ConfigMap")
			}
			d := depOf(objs)
			d.Spec.Template.Spec.Containers[0].Image = imageFor(d.Spec.Template.Spec.Containers[0].Image,
				readKustomization(t, filepath.Join(k8sDir, "base")).Images)
			if p := checkObjects(objs); len(p) > 0 {
				t.Fatalf("the unmodified base already fails: %q", p)
			}
			tc.edit(objs)
			if p := checkObjects(objs); !anyContains(p, tc.want) {
				t.Errorf("checker missed %s: want %q in %q", tc.name, tc.want, p)
			}
		})
	}

	// Strict decoding refuses unknown and misspelt fields.
	for _, doc := range []string{
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replica: 2\n",
		"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {A: b}\nextra: 1\n",
		"apiVersion: v1\nkind: Secret\nmetadata: {name: x}\nstringData: {password: hunter2}\n",
	} {
		if _, err := decodeManifests("inline", []byte(doc)); err == nil {
			t.Errorf("decoded without error:\n%s", doc)
		}
	}
}
