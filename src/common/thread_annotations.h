// Clang's thread-safety analysis (-Wthread-safety), as Abseil's thread_annotations.h: members say
// which lock guards them, functions which locks they need, and the compiler checks every access.
// Empty unless the compiler is clang. `make lint` builds with clang and -Werror=thread-safety.
//
// libstdc++'s std::mutex carries no capability attributes: lock through common/mutex.h.
#pragma once

#if defined(__clang__)
#define AFTERMATH_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define AFTERMATH_THREAD_ANNOTATION(x)
#endif

// A member that may be read or written only while `x` is held.
#define GUARDED_BY(x) AFTERMATH_THREAD_ANNOTATION(guarded_by(x))
// A pointer member whose pointee may be touched only while `x` is held.
#define PT_GUARDED_BY(x) AFTERMATH_THREAD_ANNOTATION(pt_guarded_by(x))
// A lock taken after (before) the ones named, never the other way round.
#define ACQUIRED_AFTER(...) AFTERMATH_THREAD_ANNOTATION(acquired_after(__VA_ARGS__))
#define ACQUIRED_BEFORE(...) AFTERMATH_THREAD_ANNOTATION(acquired_before(__VA_ARGS__))

// A function called with the locks held (exclusively / at least shared).
#define REQUIRES(...) AFTERMATH_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define REQUIRES_SHARED(...) AFTERMATH_THREAD_ANNOTATION(requires_shared_capability(__VA_ARGS__))
// A function that takes the locks itself, so its caller must not hold them.
#define EXCLUDES(...) AFTERMATH_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))

// Lock types and the functions that take and release them.
#define CAPABILITY(x) AFTERMATH_THREAD_ANNOTATION(capability(x))
#define SCOPED_CAPABILITY AFTERMATH_THREAD_ANNOTATION(scoped_lockable)
#define ACQUIRE(...) AFTERMATH_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define ACQUIRE_SHARED(...) AFTERMATH_THREAD_ANNOTATION(acquire_shared_capability(__VA_ARGS__))
#define RELEASE(...) AFTERMATH_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define RELEASE_SHARED(...) AFTERMATH_THREAD_ANNOTATION(release_shared_capability(__VA_ARGS__))
#define TRY_ACQUIRE(...) AFTERMATH_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
#define ASSERT_CAPABILITY(x) AFTERMATH_THREAD_ANNOTATION(assert_capability(x))
#define ASSERT_SHARED_CAPABILITY(x) AFTERMATH_THREAD_ANNOTATION(assert_shared_capability(x))
#define RETURN_CAPABILITY(x) AFTERMATH_THREAD_ANNOTATION(lock_returned(x))

// Turns the analysis off for one function: say why beside every use.
#define NO_THREAD_SAFETY_ANALYSIS AFTERMATH_THREAD_ANNOTATION(no_thread_safety_analysis)
