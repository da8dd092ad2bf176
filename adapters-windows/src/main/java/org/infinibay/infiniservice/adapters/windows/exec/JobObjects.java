package org.infinibay.infiniservice.adapters.windows.exec;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

/** The Job-object calls and structures jna-platform does not declare. */
interface JobObjects extends StdCallLibrary {
    JobObjects INSTANCE = Native.load("kernel32", JobObjects.class, W32APIOptions.DEFAULT_OPTIONS);

    int JobObjectExtendedLimitInformation = 9;
    int JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000;
    int PROCESS_SET_QUOTA = 0x0100;
    int PROCESS_TERMINATE = 0x0001;
    int PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
    int SYNCHRONIZE = 0x00100000;

    WinNT.HANDLE CreateJobObject(Pointer attributes, String name);

    boolean SetInformationJobObject(WinNT.HANDLE job, int infoClass, Pointer info, int length);

    boolean AssignProcessToJobObject(WinNT.HANDLE job, WinNT.HANDLE process);

    boolean TerminateJobObject(WinNT.HANDLE job, int exitCode);

    boolean QueryInformationJobObject(WinNT.HANDLE job, int infoClass, Pointer info, int length, Pointer returned);

    int GetOEMCP();

    @Structure.FieldOrder({"PerProcessUserTimeLimit", "PerJobUserTimeLimit", "LimitFlags", "MinimumWorkingSetSize",
        "MaximumWorkingSetSize", "ActiveProcessLimit", "Affinity", "PriorityClass", "SchedulingClass"})
    class BasicLimits extends Structure {
        public long PerProcessUserTimeLimit;
        public long PerJobUserTimeLimit;
        public int LimitFlags;
        public BaseTSD.SIZE_T MinimumWorkingSetSize = new BaseTSD.SIZE_T();
        public BaseTSD.SIZE_T MaximumWorkingSetSize = new BaseTSD.SIZE_T();
        public int ActiveProcessLimit;
        public BaseTSD.ULONG_PTR Affinity = new BaseTSD.ULONG_PTR();
        public int PriorityClass;
        public int SchedulingClass;
    }

    @Structure.FieldOrder({"BasicLimitInformation", "IoInfo", "ProcessMemoryLimit", "JobMemoryLimit",
        "PeakProcessMemoryUsed", "PeakJobMemoryUsed"})
    class ExtendedLimits extends Structure {
        public BasicLimits BasicLimitInformation = new BasicLimits();
        public WinNT.IO_COUNTERS IoInfo = new WinNT.IO_COUNTERS();
        public BaseTSD.SIZE_T ProcessMemoryLimit = new BaseTSD.SIZE_T();
        public BaseTSD.SIZE_T JobMemoryLimit = new BaseTSD.SIZE_T();
        public BaseTSD.SIZE_T PeakProcessMemoryUsed = new BaseTSD.SIZE_T();
        public BaseTSD.SIZE_T PeakJobMemoryUsed = new BaseTSD.SIZE_T();
    }
}
