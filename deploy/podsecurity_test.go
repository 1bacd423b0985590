package deploy

import (
	"path/filepath"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

// restrictedViolations evaluates a pod template against the "restricted" Pod Security
// Standard with the checks the API server's PodSecurity admission runs. The Namespace
// enforces that level, so a violation here is a pod the cluster would refuse.
func restrictedViolations(t *testing.T, tmpl *corev1.PodTemplateSpec) []string {
	t.Helper()
	e, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	lv := api.LevelVersion{Level: api.LevelRestricted, Version: api.LatestVersion()}
	for _, r := range e.EvaluatePod(lv, &tmpl.ObjectMeta, &tmpl.Spec) {
		if !r.Allowed {
			out = append(out, r.ForbiddenReason+": "+r.ForbiddenDetail)
		}
	}
	return out
}

func TestPodSecurityRestricted(t *testing.T) {
	objs := flatten(loadDir(t, filepath.Join(k8sDir, "base")))
	dep, ok := find[*appsv1.Deployment](objs, "Deployment", "ferry")
	if !ok {
		t.Fatal("base has no Deployment ferry")
	}
	for _, v := range restrictedViolations(t, &dep.Spec.Template) {
		t.Errorf("base Deployment violates the restricted Pod Security Standard: %s", v)
	}
	if render := renderer(t); render != nil {
		for _, name := range []string{"dev", "prod"} {
			out, err := render(filepath.Join(k8sDir, "overlays", name))
			if err != nil {
				t.Fatalf("%s: kustomize build: %v\n%s", name, err, out)
			}
			rendered, err := decodeManifests(name, out)
			if err != nil {
				t.Fatal(err)
			}
			d, _ := find[*appsv1.Deployment](rendered, "Deployment", "ferry")
			for _, v := range restrictedViolations(t, &d.Spec.Template) {
				t.Errorf("%s Deployment violates the restricted Pod Security Standard: %s", name, v)
			}
		}
	}

	// The evaluator must refuse what restricted forbids.
	bad := dep.Spec.Template.DeepCopy()
	tr := true
	bad.Spec.Containers[0].SecurityContext.AllowPrivilegeEscalation = &tr
	bad.Spec.Volumes = append(bad.Spec.Volumes, corev1.Volume{Name: "host",
		VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/"}}})
	if v := restrictedViolations(t, bad); len(v) < 2 {
		t.Errorf("privilege escalation and a hostPath volume passed the restricted check: %q", v)
	}
}
