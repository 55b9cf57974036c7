"""The official Python client against klite: list, watch, create, patch and delete a Job.

Usage: job_client.py URL CA_FILE TOKEN NAMESPACE. Prints one line per step; exits non-zero on
the first failed expectation. Exit code 3 means the kubernetes module is missing.
"""
import sys
import threading

try:
    from kubernetes import client, watch
except ImportError:
    print("kubernetes module missing")
    sys.exit(3)

url, ca, token, ns = sys.argv[1:5]
cfg = client.Configuration()
cfg.host = url.rstrip("/")
cfg.ssl_ca_cert = ca
cfg.api_key = {"authorization": "Bearer " + token}
api_client = client.ApiClient(cfg)
batch = client.BatchV1Api(api_client)


def expect(cond, what):
    if not cond:
        print("FAILED: " + what)
        sys.exit(1)
    print("ok: " + what)


listed = batch.list_namespaced_job(ns)
expect(listed.items == [], "empty list")
events = []
started = threading.Event()
done = threading.Event()


def watch_jobs():
    w = watch.Watch()
    started.set()
    for e in w.stream(batch.list_namespaced_job, ns, resource_version=listed.metadata.resource_version,
                      timeout_seconds=20):
        events.append(e["type"] + " " + e["object"].metadata.name)
        if e["type"] == "DELETED":
            w.stop()
    done.set()


t = threading.Thread(target=watch_jobs, daemon=True)
t.start()
started.wait(10)
job = client.V1Job(
    api_version="batch/v1", kind="Job", metadata=client.V1ObjectMeta(name="py"),
    spec=client.V1JobSpec(backoff_limit=1, template=client.V1PodTemplateSpec(spec=client.V1PodSpec(
        restart_policy="Never", containers=[client.V1Container(name="c", image="busybox")]))))
created = batch.create_namespaced_job(ns, job)
expect(created.metadata.uid, "created with a uid")
patched = batch.patch_namespaced_job("py", ns, {"metadata": {"labels": {"team": "py"}}})
expect(patched.metadata.labels.get("team") == "py", "patched label")
expect([j.metadata.name for j in batch.list_namespaced_job(ns).items] == ["py"], "listed")
batch.delete_namespaced_job("py", ns, propagation_policy="Background")
try:
    batch.read_namespaced_job("py", ns)
    expect(False, "deleted")
except client.exceptions.ApiException as e:
    expect(e.status == 404, "404 after delete")
done.wait(20)
expect(events == ["ADDED py", "MODIFIED py", "DELETED py"], "watch events " + str(events))
print("PASSED")
