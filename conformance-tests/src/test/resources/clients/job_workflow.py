"""The official Python client's own Job workflow against a cluster, as a user script would do it.

Usage: job_workflow.py KUBECONFIG NAMESPACE JOB_NAME EXPECTED_LOG_LINE

Loads the kubeconfig with kubernetes.config, then: lists Jobs, starts a watch, creates a Job whose
pod prints EXPECTED_LOG_LINE, waits for Complete through the watch, reads the pod's log through
pods/log, patches a label and an annotation onto the Job, deletes it with propagationPolicy=Background and
waits for its pods to go. Prints "ok: <step>" per step and "PASSED" at the end; exits 1 on the
first failed expectation, 3 when the kubernetes module is missing.
"""
import queue
import sys
import threading
import time

try:
    from kubernetes import client, config, watch
except ImportError:
    print("kubernetes module missing")
    sys.exit(3)

kubeconfig, ns, name, line = sys.argv[1:5]
TIMEOUT = 180


def expect(cond, what):
    if not cond:
        print("FAILED: " + what, flush=True)
        sys.exit(1)
    print("ok: " + what, flush=True)


api_client = config.new_client_from_config(config_file=kubeconfig)
batch = client.BatchV1Api(api_client)
core = client.CoreV1Api(api_client)

listed = batch.list_namespaced_job(ns)
expect(listed.items == [], "list jobs: none yet")

events = queue.Queue()
w = watch.Watch()


def watch_jobs():
    try:
        for e in w.stream(batch.list_namespaced_job, ns, resource_version=listed.metadata.resource_version,
                          timeout_seconds=TIMEOUT):
            events.put(e)
    except Exception as ex:  # reported through the queue, so the main thread fails with it
        events.put({"type": "ERROR", "object": ex})
    events.put(None)


threading.Thread(target=watch_jobs, daemon=True).start()

job = client.V1Job(
    api_version="batch/v1", kind="Job", metadata=client.V1ObjectMeta(name=name),
    spec=client.V1JobSpec(backoff_limit=0, template=client.V1PodTemplateSpec(spec=client.V1PodSpec(
        restart_policy="Never", termination_grace_period_seconds=1,
        containers=[client.V1Container(name="main", image="busybox:1.35", command=["sh", "-c", "echo '" + line + "'"])]))))
created = batch.create_namespaced_job(ns, job)
expect(created.metadata.uid, "create job")


def next_event(deadline):
    left = deadline - time.monotonic()
    if left <= 0:
        return None
    try:
        return events.get(timeout=left)
    except queue.Empty:
        return None


def is_complete(j):
    return j.status is not None and any(c.type == "Complete" and c.status == "True" for c in (j.status.conditions or []))


seen = []
deadline = time.monotonic() + TIMEOUT
complete = None
while complete is None:
    e = next_event(deadline)
    expect(e is not None and e["type"] != "ERROR", "watch still delivering (seen: " + str(seen) + ", last: " + str(e) + ")")
    seen.append(e["type"])
    if e["object"].metadata.name == name and e["type"] in ("ADDED", "MODIFIED") and is_complete(e["object"]):
        complete = e["object"]
expect(seen[0] == "ADDED", "watch: ADDED first (" + str(seen) + ")")
expect(complete.status.succeeded == 1, "watch: Complete with succeeded=1")

pods = core.list_namespaced_pod(ns, label_selector="job-name=" + name).items
expect(len(pods) == 1, "one pod for the job")
log = core.read_namespaced_pod_log(pods[0].metadata.name, ns)
expect(log == line + "\n", "pods/log: " + repr(log))

# This client sends a dict body as a strategic merge patch and a list body as a JSON patch.
patched = batch.patch_namespaced_job(name, ns, {"metadata": {"labels": {"patched-by": "python"}}})
expect(patched.metadata.labels.get("patched-by") == "python", "strategic merge patch: label set")
patched = batch.patch_namespaced_job(name, ns, [{"op": "add", "path": "/metadata/annotations", "value": {"checked": "yes"}}])
expect(patched.metadata.annotations.get("checked") == "yes", "json patch: annotation set")
again = batch.read_namespaced_job(name, ns)
expect(again.metadata.labels.get("patched-by") == "python" and again.metadata.annotations.get("checked") == "yes",
       "patches read back")

status = batch.delete_namespaced_job(name, ns, propagation_policy="Background")
expect(status is not None, "delete with propagationPolicy=Background")
deleted = False
while not deleted:
    e = next_event(deadline)
    expect(e is not None and e["type"] != "ERROR", "watch: DELETED arrives (seen: " + str(seen) + ")")
    seen.append(e["type"])
    deleted = e["type"] == "DELETED" and e["object"].metadata.name == name
print("ok: watch: DELETED", flush=True)
w.stop()

while core.list_namespaced_pod(ns, label_selector="job-name=" + name).items:
    expect(time.monotonic() < deadline, "the job's pods are deleted in the background")
    time.sleep(0.5)
print("ok: pods gone", flush=True)
print("PASSED", flush=True)
