/*
 * A JVMTI agent for tools/bench.sh --causes (docs/performance.md, round 5): for every class the JVM
 * loads, one line "C <signature> <thread> <seconds since start>" followed by one "F <class>.<method>:<line>"
 * line per Java frame (innermost first, at most 48), so the bench can name the agent's code path that
 * pulled each class in. JDK 17 has no -Xlog:class+load+cause, and its jdk.ClassLoad JFR events carry
 * 5 frames only. Only the bench's twin agent runs with it; the measured agent never does.
 *
 *   gcc -shared -fPIC -O2 -I$JAVA_HOME/include -I$JAVA_HOME/include/linux -o libloadcause.so loadcause.c
 *   java -agentpath:/path/libloadcause.so=/path/causes.txt ...
 */
#include <jvmti.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum { DEPTH = 48 };
static FILE *out;
static jrawMonitorID lock;
static double t0;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void frame(jvmtiEnv *jvmti, jmethodID m, jlocation loc, char *buf, size_t n) {
    jclass cls;
    char *csig = NULL, *name = NULL;
    jvmtiLineNumberEntry *table = NULL;
    jint entries = 0;
    int line = -1;
    (*jvmti)->GetMethodDeclaringClass(jvmti, m, &cls);
    (*jvmti)->GetClassSignature(jvmti, cls, &csig, NULL);
    (*jvmti)->GetMethodName(jvmti, m, &name, NULL, NULL);
    if ((*jvmti)->GetLineNumberTable(jvmti, m, &entries, &table) == JVMTI_ERROR_NONE) {
        for (int i = 0; i < entries; i++) {
            if (table[i].start_location <= loc) {
                line = table[i].line_number;
            }
        }
        (*jvmti)->Deallocate(jvmti, (unsigned char *) table);
    }
    snprintf(buf, n, "%s.%s:%d", csig ? csig : "?", name ? name : "?", line);
    if (csig) (*jvmti)->Deallocate(jvmti, (unsigned char *) csig);
    if (name) (*jvmti)->Deallocate(jvmti, (unsigned char *) name);
}

static void JNICALL onClassLoad(jvmtiEnv *jvmti, JNIEnv *jni, jthread thread, jclass klass) {
    char *sig = NULL;
    char buf[1024];
    jvmtiFrameInfo frames[DEPTH];
    jint count = 0;
    jvmtiThreadInfo info;
    memset(&info, 0, sizeof info);
    (*jvmti)->GetClassSignature(jvmti, klass, &sig, NULL);
    (*jvmti)->GetThreadInfo(jvmti, thread, &info);      /* fails before VMInit: thread "?" */
    (*jvmti)->GetStackTrace(jvmti, thread, 0, DEPTH, frames, &count);
    (*jvmti)->RawMonitorEnter(jvmti, lock);
    fprintf(out, "C %s %s %.3f\n", sig ? sig : "?", info.name ? info.name : "?", now() - t0);
    for (int i = 0; i < count; i++) {
        frame(jvmti, frames[i].method, frames[i].location, buf, sizeof buf);
        fprintf(out, "F %s\n", buf);
    }
    fflush(out);
    (*jvmti)->RawMonitorExit(jvmti, lock);
    if (sig) (*jvmti)->Deallocate(jvmti, (unsigned char *) sig);
    if (info.name) (*jvmti)->Deallocate(jvmti, (unsigned char *) info.name);
}

JNIEXPORT jint JNICALL Agent_OnLoad(JavaVM *vm, char *options, void *reserved) {
    jvmtiEnv *jvmti;
    jvmtiCapabilities caps;
    jvmtiEventCallbacks callbacks;
    if ((*vm)->GetEnv(vm, (void **) &jvmti, JVMTI_VERSION_11) != JNI_OK) {
        return 1;
    }
    out = fopen(options && *options ? options : "loadcause.txt", "w");
    if (out == NULL) {
        return 1;
    }
    t0 = now();
    memset(&caps, 0, sizeof caps);
    caps.can_get_line_numbers = 1;
    caps.can_generate_early_vmstart = 1;   /* also the classes of the module-system boot */
    (*jvmti)->AddCapabilities(jvmti, &caps);
    (*jvmti)->CreateRawMonitor(jvmti, "loadcause", &lock);
    memset(&callbacks, 0, sizeof callbacks);
    callbacks.ClassLoad = onClassLoad;
    (*jvmti)->SetEventCallbacks(jvmti, &callbacks, sizeof callbacks);
    (*jvmti)->SetEventNotificationMode(jvmti, JVMTI_ENABLE, JVMTI_EVENT_CLASS_LOAD, NULL);
    return 0;
}
