# Runs inside the e2e guest as /init's command (busybox sh; passed to build-initramfs.sh -c).
# Starts the agent exactly as shipped (the linked runtime image with the agent's modules, launched
# with -m alone, and the flags of bootstrap/jvm.options, given as $JVM_FLAGS), and a sampler that prints the agent's CPU ticks (in all, and per thread), RSS,
# threads and fds every second
# on the console, so the host side can measure the agent from inside the guest. The host ends the
# run by having the agent itself create /tmp/e2e-done (an UnsafeCommand): we then stop the agent
# with SIGTERM and report how it exited.
mkdir -p /var/lib/infiniservice
/opt/java/bin/java $JVM_FLAGS \
  -m org.infinibay.infiniservice.bootstrap/org.infinibay.infiniservice.bootstrap.Main \
  run --interval "${E2E_INTERVAL:-2}" > /tmp/agent.log 2>&1 &
pid=$!
echo "VMAGENT pid=$pid"
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
while kill -0 "$pid" 2>/dev/null && [ ! -e /tmp/e2e-done ]; do
  set -- $(cat /proc/$pid/stat 2>/dev/null)
  if [ $# -ge 24 ]; then
    up=$(cut -d' ' -f1 /proc/uptime)
    fds=$(ls /proc/$pid/fd 2>/dev/null | wc -l)
    total=$((${14} + ${15})) threads=${20} rss=$((${24} * 4))
    # and each thread's ticks (;comm/tid=ticks, no fork per thread): the host tells the channel's
    # threads from the metrics cycle's and the JVM's own (CONTRACT §13 item 11)
    per=""
    for t in /proc/$pid/task/*; do
      read -r comm < "$t/comm" 2>/dev/null || continue
      read -r st < "$t/stat" 2>/dev/null || continue
      set -- ${st##*) }
      per="$per;$comm/${t##*/}=$((${12} + ${13}))"
    done
    echo "VMSAMPLE up=$up ticks=$total hz=$hz threads=$threads rss_kb=$rss fds=$fds threads:$per"
  fi
  sleep 1
done
if [ -e /tmp/e2e-done ]; then
  # the marker exists as soon as `touch` ran; the agent still has to send that command's response,
  # which the host waits for (a kill within ~0.3 s of the touch lost it: a CI run failed so)
  sleep 3
  kill -TERM "$pid"
  i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
fi
wait "$pid"; rc=$?
echo "VMAGENT exit=$rc"
echo "---- agent log (last 40 lines) ----"; tail -n 40 /tmp/agent.log
# 143 = terminated by our SIGTERM (or 0 if the agent maps it to a clean exit): both are a clean stop.
[ -e /tmp/e2e-done ] && { [ $rc = 0 ] || [ $rc = 143 ]; }
