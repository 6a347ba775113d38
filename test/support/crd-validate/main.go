// crd-validate checks Kubernetes objects against CustomResourceDefinitions the
// way kube-apiserver does on create: the CRD's structural schema (OpenAPI v3
// validation), unknown fields (what `kubectl apply --validate=strict` refuses
// instead of pruning) and the CRD's CEL rules (x-kubernetes-validations).
//
// Usage: crd-validate -crd CRDS.yaml [-crd ...] OBJECTS.yaml...
// Prints one line per problem, "file: kind/name: path: message"; exit 1 if any.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	apiextensions "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	structuralpruning "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	"sigs.k8s.io/yaml"
)

type crdList []string

func (c *crdList) String() string     { return strings.Join(*c, ",") }
func (c *crdList) Set(v string) error { *c = append(*c, v); return nil }

// version is one served version of one CRD, ready to validate against.
type version struct {
	structural *structuralschema.Structural
	validator  validation.SchemaValidator
	cel        *cel.Validator
	namespaced bool
}

// key is apiVersion + "/" + kind, e.g. extensions.istio.io/v1alpha1/WasmPlugin.
func loadCRDs(files []string) (map[string]*version, error) {
	out := map[string]*version{}
	for _, f := range files {
		docs, err := documents(f)
		if err != nil {
			return nil, err
		}
		for _, doc := range docs {
			var crd apiextensionsv1.CustomResourceDefinition
			if err := yaml.UnmarshalStrict(doc, &crd); err != nil {
				return nil, fmt.Errorf("%s: %v", f, err)
			}
			if crd.Kind != "CustomResourceDefinition" {
				continue
			}
			for _, v := range crd.Spec.Versions {
				if v.Schema == nil || v.Schema.OpenAPIV3Schema == nil {
					continue
				}
				internal := &apiextensions.JSONSchemaProps{}
				if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(v.Schema.OpenAPIV3Schema, internal, nil); err != nil {
					return nil, fmt.Errorf("%s: %s %s: %v", f, crd.Name, v.Name, err)
				}
				s, err := structuralschema.NewStructural(internal)
				if err != nil {
					return nil, fmt.Errorf("%s: %s %s: not structural: %v", f, crd.Name, v.Name, err)
				}
				validator, _, err := validation.NewSchemaValidator(internal)
				if err != nil {
					return nil, fmt.Errorf("%s: %s %s: %v", f, crd.Name, v.Name, err)
				}
				key := crd.Spec.Group + "/" + v.Name + "/" + crd.Spec.Names.Kind
				out[key] = &version{
					structural: s,
					validator:  validator,
					cel:        cel.NewValidator(s, true, celconfig.PerCallLimit),
					namespaced: crd.Spec.Scope == apiextensionsv1.NamespaceScoped,
				}
			}
		}
	}
	return out, nil
}

func documents(file string) ([][]byte, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	r := utilyaml.NewYAMLReader(bufioReader(data))
	var docs [][]byte
	for {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", file, err)
		}
		if len(bytes.TrimSpace(doc)) > 0 {
			docs = append(docs, doc)
		}
	}
}

func check(file string, doc []byte, crds map[string]*version) []string {
	var obj map[string]interface{}
	if err := yaml.Unmarshal(doc, &obj); err != nil {
		return []string{fmt.Sprintf("%s: %v", file, err)}
	}
	apiVersion, _ := obj["apiVersion"].(string)
	kind, _ := obj["kind"].(string)
	meta, _ := obj["metadata"].(map[string]interface{})
	name, _ := meta["name"].(string)
	where := fmt.Sprintf("%s: %s/%s", file, kind, name)
	v, ok := crds[apiVersion+"/"+kind]
	if !ok {
		return []string{fmt.Sprintf("%s: no CRD for %s %s", where, apiVersion, kind)}
	}
	var problems []string
	for _, msg := range utilvalidation.IsDNS1123Subdomain(name) {
		problems = append(problems, fmt.Sprintf("%s: metadata.name: %s", where, msg))
	}
	if ns, ok := meta["namespace"].(string); ok {
		if !v.namespaced {
			problems = append(problems, fmt.Sprintf("%s: metadata.namespace: %s is cluster-scoped", where, kind))
		}
		for _, msg := range utilvalidation.IsDNS1123Label(ns) {
			problems = append(problems, fmt.Sprintf("%s: metadata.namespace: %s", where, msg))
		}
	}
	// Unknown fields: the API server would drop them silently; strict validation refuses them.
	pruned := structuralpruning.PruneWithOptions(deepCopy(obj), v.structural, true,
		structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})
	for _, p := range pruned {
		problems = append(problems, fmt.Sprintf("%s: %s: unknown field", where, p))
	}
	for _, e := range validation.ValidateCustomResource(nil, obj, v.validator) {
		problems = append(problems, fmt.Sprintf("%s: %s", where, e.Error()))
	}
	errs, _ := v.cel.Validate(context.Background(), field.NewPath(""), v.structural, obj, nil, celconfig.RuntimeCELCostBudget)
	for _, e := range errs {
		problems = append(problems, fmt.Sprintf("%s: %s", where, strings.TrimPrefix(e.Error(), "[].")))
	}
	return problems
}

func deepCopy(obj map[string]interface{}) map[string]interface{} {
	data, _ := yaml.Marshal(obj)
	var out map[string]interface{}
	_ = yaml.Unmarshal(data, &out)
	return out
}

func main() {
	var crdFiles crdList
	flag.Var(&crdFiles, "crd", "a file of CustomResourceDefinitions (repeatable)")
	flag.Parse()
	crds, err := loadCRDs(crdFiles)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	bad := 0
	checked := 0
	for _, f := range flag.Args() {
		docs, err := documents(f)
		if err != nil {
			fmt.Println(err)
			bad++
			continue
		}
		for _, doc := range docs {
			checked++
			for _, p := range check(f, doc, crds) {
				fmt.Println(p)
				bad++
			}
		}
	}
	fmt.Fprintf(os.Stderr, "%d object(s) checked, %d problem(s)\n", checked, bad)
	if bad > 0 || checked == 0 {
		os.Exit(1)
	}
}
