// Staff sign-in: posts the credentials, keeps the CSRF token only in sessionStorage of this tab, then opens the staff pages.
const form = document.getElementById('login');
const error = document.getElementById('error');
form.addEventListener('submit', async (e) => {
  e.preventDefault();
  error.textContent = '';
  const body = JSON.stringify({ user: form.user.value, password: form.password.value });
  const res = await fetch('/api/staff/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
  });
  form.password.value = '';
  if (res.ok) {
    location.href = '/staff/';
    return;
  }
  const { error: code } = await res.json().catch(() => ({ error: 'error' }));
  error.textContent =
    code === 'rate_limited'
      ? 'Too many attempts. Wait a few minutes and try again.'
      : code === 'no_staff_accounts'
        ? 'No staff accounts are configured on this station.'
        : 'User name or password is not right.';
});
