/*
 * The pod sandbox process of the test node (scripts/node-cluster.sh): it holds the pod's
 * namespaces open and does nothing else. SIGINT/SIGTERM end it; as PID 1 of a pod that shares
 * its process namespace it also reaps the orphans handed to it.
 *
 * Built by scripts/install-tools.sh with `gcc -Os -static`, packed into an image archive and
 * imported into containerd, because this machine cannot pull registry.k8s.io/pause.
 */
#include <signal.h>
#include <stddef.h>
#include <sys/wait.h>
#include <unistd.h>

static void stop(int sig) {
  (void)sig;
  _exit(0);
}

static void reap(int sig) {
  (void)sig;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
}

int main(void) {
  struct sigaction on_stop = {0};
  on_stop.sa_handler = stop;
  sigaction(SIGINT, &on_stop, NULL);
  sigaction(SIGTERM, &on_stop, NULL);

  struct sigaction on_child = {0};
  on_child.sa_handler = reap;
  on_child.sa_flags = SA_NOCLDSTOP | SA_RESTART;
  sigaction(SIGCHLD, &on_child, NULL);

  for (;;) {
    pause();
  }
}
